"""One module per workbook sheet (or family of sheets), each building its part of the pure
description through :class:`redd_audit.workbook.book.Book`."""
