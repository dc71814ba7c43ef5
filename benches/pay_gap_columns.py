"""The seven columns of the synthetic extract that the six statutory gender pay gap measures use:
read by the pandas script, and by the CSV readers timed for scale."""

PAY_GAP_COLUMNS = [
    "Employee reference",
    "Sex",
    "Contracted weekly hours",
    "Ordinary pay in pay period",
    "Pay period days",
    "Bonus pay in 12 months",
    "On leave with reduced pay",
]
