Your refund was approved: ${subject}
