-- What the secretary writes in the minutes about each agenda item; the
-- rest of the minutes is drafted from the event log.
CREATE TABLE minutes_narratives (
    session_id     INTEGER NOT NULL REFERENCES sessions (id),
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    text           TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (session_id, agenda_item_id)
);
