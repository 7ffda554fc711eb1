# Dates as US readers write them out: "November 9, 2026" (Django's English default is "Nov. 9, 2026").
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
