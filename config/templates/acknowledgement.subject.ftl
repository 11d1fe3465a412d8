Re: ${subject}
