"""The shipped sentence encoder: the app's session (threads that do not spin) gives the
build's embeddings exactly."""

import numpy as np

from dashboard.preprocessing.encoder.sentence_encoder import DIMENSIONS, page_encoder, shipped_encoder

SENTENCES = [
    "The defence ministers of Japan, South Korea and the United States signed the security framework in Tokyo on Sunday.",
    "The three countries will share real-time missile warning data on North Korean launches.",
    "Rice prices rose.",
    "日米韓の防衛相は日曜日、東京で安全保障協力の枠組みに署名した。",
]


def test_the_page_encoder_embeds_as_the_shipped_one():
    made = page_encoder().embeddings(SENTENCES)
    assert made.shape == (len(SENTENCES), DIMENSIONS)
    assert np.array_equal(made, shipped_encoder().embeddings(SENTENCES))
    assert np.allclose(np.linalg.norm(made, axis=1), 1, atol=1e-5)
