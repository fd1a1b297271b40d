"""Home delivery for elderly residents, one module per job: residents, orders (the lifecycle and
payment on delivery), and the board (what a day looks like). Delivery itself is free."""
