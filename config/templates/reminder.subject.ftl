Waiting for your answer: ${subject}
