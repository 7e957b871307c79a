-- What starting the session or opening a poll below the quorum does: the
-- chair is warned and must confirm ('warn'), or it is refused ('refuse').
ALTER TABLE councils ADD COLUMN below_quorum TEXT NOT NULL DEFAULT 'warn'
    CHECK (below_quorum IN ('warn', 'refuse'));
