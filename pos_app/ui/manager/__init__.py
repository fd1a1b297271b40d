"""The manager's screens: ``area.ManagerArea`` holds one tab per module here."""
