DROP TABLE IF EXISTS inbox_messages, certifications, entry_applications, event_heads, events,
    calendar_days, agreement_signatures, agreements, files, login_failures, sessions, accounts;
