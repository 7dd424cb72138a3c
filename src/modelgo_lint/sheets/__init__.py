"""Model Sheets: the official ASCII tables parsed into rows, and the repository's sheet document."""
