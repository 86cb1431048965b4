"""The forms of programme pages, one module per part of the programme."""
