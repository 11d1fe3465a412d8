Hello ${customerName},

thank you for your message. We have opened ticket ${ticketTag} for it and will get back to you soon.

To add anything, just reply to this mail and keep ${ticketTag} in the subject.

Your request: ${subject}

-- 
Ticketflow Support
This is an automatic acknowledgement.
