"""Checks of the dk2 pack (vitamin D and K2): DK160, blood-level targets stated on the label."""
