"""Delivery: reports made on schedule, archived and mailed; alert mails; subscriptions and the archive."""
