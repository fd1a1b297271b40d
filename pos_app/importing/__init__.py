"""Reading the files district offices and managers exchange (CSV/XLSX) into validated input records.

Pure of any database: the station's services and the district server both import the same parsers,
so a file that one side accepts the other accepts too.
"""
