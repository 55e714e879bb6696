"""The Qt user interface: one folder per screen, composed by main_window; Qt lives only here."""
