"""The score bands of stance toward actors, declared once: the stage labels with them and
the schema's data dictionary states them (this module imports nothing, so the schema can)."""

# A sentence scoring beyond this is negative or positive about the actor: the band that
# maximises macro-F1 of p_pos - p_neg on the NewsMTSC train holdout (0.2: 60.9; 0.1: 58.0).
SENTENCE_BAND = 0.2
# An article (or outlet) scoring beyond this is critical or supportive: the same scale.
STANCE_BAND = SENTENCE_BAND
