"""The client deliverability report: rendered to PDF with Qt's own PDF output."""
