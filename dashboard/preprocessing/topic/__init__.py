"""The topic stage: which sentences are about the topic (`data/topics/<topic>.csv`), and the
stance each sentence and each article takes toward it."""
