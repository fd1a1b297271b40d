"""The district office's web pages, served by ``pos-server serve`` itself: server-rendered HTML in
Simplified Chinese behind a district admin's sign-in (a session cookie, a form token on every change,
a lock-out after repeated wrong passwords). Terminal tokens are never accepted here."""
