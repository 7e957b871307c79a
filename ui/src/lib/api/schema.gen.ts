/**
 * The KyHop API's types, generated from openapi.json by openapi-typescript.
 * Do not edit: run `npm run gen:api` after openapi.json changes
 * (`npm run check:api` fails while this file is out of date).
 */

export interface paths {
  "/api/accounts": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List accounts. */
    get: operations["list_accounts"];
    put?: never;
    /**
     * Create an account. With a password, the user must change it at first
     *     sign-in; without one, the account signs in with pairing codes.
     */
    post: operations["create_account"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/accounts/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One account. */
    get: operations["get_account"];
    put?: never;
    post?: never;
    /** Delete an account; its sign-ins end. */
    delete: operations["delete_account"];
    options?: never;
    head?: never;
    /**
     * Change an account's name, username, role or the person it is for, reset
     *     its password, or disable it (its sign-ins end; it signs in nowhere until
     *     enabled again). A delegate's account names a delegate, the chair's a
     *     delegate or nobody (`person_id`).
     */
    patch: operations["update_account"];
    trace?: never;
  };
  "/api/accounts/{id}/sign-out": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * End every sign-in of an account — a lost laptop, a password seen — on
     *     every device; the account may sign in again.
     */
    post: operations["end_sign_ins"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/agenda-items/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations["delete_agenda_item"];
    options?: never;
    head?: never;
    patch: operations["update_agenda_item"];
    trace?: never;
  };
  "/api/agenda-items/{id}/close": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Close the current item; a speech under way there ends or pauses as
     *     `running_speech` says (else `speech_under_way`).
     */
    post: operations["close_item"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/agenda-items/{id}/minutes": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** The secretary's narrative of one agenda item in the minutes. */
    put: operations["set_narrative"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/agenda-items/{id}/open": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Make an item the current one (the item that was current is closed).
     *     While a speech of the current item is under way the chair must say
     *     whether it ends or pauses (`running_speech`), else `speech_under_way`.
     */
    post: operations["open_item"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/agenda-items/{id}/polls": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Prepare a poll on an agenda item (draft). */
    post: operations["create_poll"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/agenda-items/{id}/speakers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The speakers' queue of an agenda item, in order, with past speeches. */
    get: operations["list_speakers"];
    put?: never;
    /**
     * Ask to speak on an item. Delegates ask for themselves; the chair and the
     *     secretariat may put anyone in the queue with `person_id` (an official
     *     who replies, for instance).
     */
    post: operations["request_speech"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/agenda-items/{id}/speakers/reorder": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reorder the queue of an item: `order` lists every queued speech. */
    post: operations["reorder_speakers"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with username and password. */
    post: operations["login"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End this sign-in. */
    post: operations["logout"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/me": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in account. */
    get: operations["me"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/pair": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with a one-time pairing code from a delegate's card. */
    post: operations["pair"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/auth/password": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change one's own password (required after the first sign-in with a
     *     generated password). Other sign-ins of the account end.
     */
    post: operations["change_password"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/committees/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations["delete_committee"];
    options?: never;
    head?: never;
    patch: operations["rename_committee"];
    trace?: never;
  };
  "/api/councils": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Councils the caller belongs to (all of them for the administrator). */
    get: operations["list_councils"];
    put?: never;
    /** Create a council; settings not given take the Vietnamese defaults. */
    post: operations["create_council"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["get_council"];
    put?: never;
    post?: never;
    /** Delete a council that has nothing in it yet. */
    delete: operations["delete_council"];
    options?: never;
    head?: never;
    /** Change a council's name or settings. */
    patch: operations["update_council"];
    trace?: never;
  };
  "/api/councils/{id}/committees": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["list_committees"];
    put?: never;
    post: operations["create_committee"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/delegate-groups": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["list_groups"];
    put?: never;
    post: operations["create_group"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Live events of a council's set-up (people, terms, accounts), for its staff. */
    get: operations["council_events"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/pairing-codes/pending": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Cards that await the chair: printed during a session, or printed before
     *     and not yet used while a session is convened or sitting.
     */
    get: operations["pending_pairing_codes"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/people": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Delegates, officials and guests of a council. */
    get: operations["list_people"];
    put?: never;
    post: operations["create_person"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/people/import": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add a list of people at once (a delegate list from a spreadsheet): in
     *     one transaction, with the groups and committees they name made where the
     *     council has none of that name (case and spacing aside) — or nothing at
     *     all. A bad row is named in `field` ("people[3].full_name", rows from 0);
     *     more delegates than seats is `409 more_delegates_than_seats`.
     */
    post: operations["import_people"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/people/{person_id}/signature-image": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A signer's signature (PNG). */
    get: operations["get_signature"];
    /**
     * Set a signer's signature: a PNG with a transparent background, blue
     *     ink, at least 470 pixels across (40 mm at 300 dpi). It is used when a
     *     resolution names this person as its signer.
     */
    put: operations["put_signature"];
    post?: never;
    /** Remove a signer's signature. */
    delete: operations["delete_signature"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/sessions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["list_sessions"];
    put?: never;
    post: operations["create_session"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/signature-images": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The council's seal and signature images (which ones it has; the PNGs
     *     are at their own paths).
     */
    get: operations["list_images"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/signature-images/seal": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The council's seal (PNG). */
    get: operations["get_seal"];
    /**
     * Set the council's seal: a PNG with a transparent background, the red
     *     seal at least 425 pixels across (36 mm at 300 dpi), square around it.
     */
    put: operations["put_seal"];
    post?: never;
    /** Remove the council's seal: resolutions then show the shipped sample. */
    delete: operations["delete_seal"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/councils/{id}/terms": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["list_terms"];
    put?: never;
    post: operations["create_term"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/delegate-groups/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations["delete_group"];
    options?: never;
    head?: never;
    patch: operations["rename_group"];
    trace?: never;
  };
  "/api/documents/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["get_document"];
    /**
     * Change a document's description (title, number and symbol, kind,
     *     agenda item, who may read it), sent whole. Not once withdrawn.
     */
    put: operations["update_document"];
    post?: never;
    /**
     * Delete a document that was never published (a published one is
     *     withdrawn instead: `document_published`).
     */
    delete: operations["delete_document"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}/diff": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What changed between two versions, paragraph by paragraph. */
    get: operations["diff"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}/file": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download a document's file: `ETag` is its SHA-256, `Range` resumes a cut
     *     download, and the file never changes under its URL. Each download is a
     *     read receipt.
     */
    get: operations["download"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}/notes": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's notes on a document, placed in its current version. */
    get: operations["list_notes"];
    put?: never;
    /** Make a private note or highlight on a passage. */
    post: operations["create_note"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}/reads": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who among the delegates has opened a document, and who has not. */
    get: operations["read_receipts"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}/recognition/cancel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Stop reading the scanned pages of a document's current version (a
     *     300-page scan started by mistake): pages read so far stay searchable,
     *     the others stay "scanned"; a `document.recognition` event says so.
     */
    post: operations["cancel_recognition"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}/versions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Upload a new version of a document (multipart: `file`). Earlier versions
     *     stay; search follows the new one; clients see a `document.updated` event.
     */
    post: operations["upload_version"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}/versions/{version}/recognised": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The pages of a version read by OCR: each line's text and box (fractions
     *     of the page from its top left corner) and the page's mean confidence,
     *     for a selectable text layer over the scan. Pages with their own text
     *     are not listed.
     */
    get: operations["recognised_pages"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/documents/{id}/withdraw": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Withdraw a published document with a reason its readers see: it stays
     *     listed and marked, their notes stay, its file answers 410 to them and
     *     it leaves search and the offline packet.
     */
    post: operations["withdraw_document"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/notes/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations["delete_note"];
    options?: never;
    head?: never;
    /** Change the text of one's own note. */
    patch: operations["update_note"];
    trace?: never;
  };
  "/api/people/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["get_person"];
    put?: never;
    post?: never;
    delete: operations["delete_person"];
    options?: never;
    head?: never;
    patch: operations["update_person"];
    trace?: never;
  };
  "/api/people/{id}/pairing-code": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Issue a one-time pairing code for a person; older unused codes of the
     *     person stop working.
     *     Never for an account that signs in with a password (staff, the chair):
     *     409 `not_pairable`. While a session of the council is convened or
     *     sitting the card awaits the chair (`awaits_chair`); otherwise the
     *     person's other sign-ins end at once.
     */
    post: operations["issue_pairing_code"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/people/{id}/pairing-code/confirm": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The chair confirms, in front of the chamber, the card printed for a
     *     person during the session: it starts to work, and every other sign-in
     *     of the person ends (their devices are told).
     */
    post: operations["confirm_pairing_code"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/polls/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["get_poll"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/polls/{id}/annul": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Annul an open or closed poll, with the reason; a revote is a new poll
     *     with `revote_of`.
     */
    post: operations["annul_poll"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/polls/{id}/ballot": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cast one's own ballot. The voter is always the signed-in delegate; the
     *     answer comes once the ballot is committed. In secret polls the choice is
     *     counted and never stored with the delegate's name.
     */
    post: operations["cast_ballot"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/polls/{id}/close": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Close an open poll and count it. */
    post: operations["close_poll"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/polls/{id}/count-report.pdf": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The ballot-count report (biên bản kiểm phiếu) of a closed secret poll. */
    get: operations["count_report"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/polls/{id}/names-on-screen": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Show (or hide) a closed named poll's list of who chose what on the
     *     chamber screen; the minutes always list it.
     */
    post: operations["show_names"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/polls/{id}/open": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Open a draft poll. Only one poll of a session is open at a time. The
     *     delegates present are counted now (`present_at_open`, refused with
     *     `seats_exceeded` above the council's seats): only they vote in it, and
     *     its rule and result count them. Below the quorum the council either
     *     refuses (`quorum_not_reached`) or warns (`below_quorum`) until the chair
     *     confirms with `below_quorum_confirmed`.
     */
    post: operations["open_poll"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/polls/{id}/verification": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A closed secret poll's verification record: the public key, every
     *     ballot's ciphertexts with no voter in random order, the totals and the
     *     proofs of their decryption. `kyhop poll verify FILE` checks it.
     */
    get: operations["verification_record"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/resolutions/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["get_resolution"];
    /** Change a draft (the whole content). Issued resolutions never change (409). */
    put: operations["update_resolution"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/resolutions/{id}/issue": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Issue the resolution: number it, render it and sign it with the
     *     chair's key, then the council seal's. Keys are checked before a number
     *     is taken; a number taken is never reused, even if signing then fails.
     */
    post: operations["issue_resolution"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/resolutions/{id}/pdf": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The issued, signed resolution. */
    get: operations["resolution_pdf"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/resolutions/{id}/preview.pdf": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The draft as it will print, unsigned and without its number. */
    get: operations["preview"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["get_session"];
    put?: never;
    post?: never;
    /** Delete a draft session. */
    delete: operations["delete_session"];
    options?: never;
    head?: never;
    /** Change a session's details while it is a draft or convened. */
    patch: operations["update_session"];
    trace?: never;
  };
  "/api/sessions/{id}/agenda": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The agenda: top-level items in order, each followed by its sub-items. */
    get: operations["list_agenda"];
    put?: never;
    /** Append an item (or a sub-item, with `parent_id`) to the agenda. */
    post: operations["create_agenda_item"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/agenda.pdf": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The session's agenda (chương trình kỳ họp) as a PDF to print and send
     *     with the convening notice: its sittings, and every item with its
     *     presenter and planned time. Anyone of the council may print it.
     */
    get: operations["agenda_as_pdf"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/agenda/reorder": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reorder one level of the agenda: `order` lists every item of the level;
     *     items already done or under way keep their places.
     */
    post: operations["reorder_agenda"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/agenda/urgent": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add an urgent item right after the item under way. */
    post: operations["add_urgent_item"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/attendance": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Attendance of a session and the live quorum. */
    get: operations["list_attendance"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/attendance/{person_id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Check a delegate in or out, or mark them absent with a reason. A delegate
     *     checks themselves in and out; the secretariat does any of it for anyone.
     */
    post: operations["set_attendance"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/close": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The chair closes a running session (bế mạc). */
    post: operations["close_session"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/convene": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Convene a draft session (triệu tập): its date and agenda are announced. */
    post: operations["convene_session"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/convening-notice.pdf": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The convening notice (thông báo triệu tập): when, where and what, to
     *     every delegate with the agenda. Anyone of the council may print it.
     */
    get: operations["convening_notice_as_pdf"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/documents": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The session's documents the caller may read, with how many days before
     *     the session each went out and whether that was later than the council's
     *     lead time.
     */
    get: operations["list_documents"];
    put?: never;
    /**
     * Upload a new document (multipart: `document` JSON, then `file`, the PDF).
     *     Title, number and kind left out of `document` (or `document` left out)
     *     are proposed from the file's first page: the heading and summary of an
     *     official document ("Tờ trình về …"), its "Số: …" line, else the file's
     *     name; the secretary corrects them with PUT. The file is refused with a
     *     reason if it is empty, not a PDF, cut off, damaged or
     *     password-protected; pages without text (or with only noise) are accepted,
     *     marked as scans and read by OCR in the background (`recognition`, with
     *     `document.recognition` events as it goes).
     */
    post: operations["upload_document"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/documents/publish": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Publish documents, one or a batch: each goes to its readers, who are told
     *     by a live event.
     */
    post: operations["publish"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Live events of a session (Server-Sent Events; `id` = sequence number,
     *     `data` = the event as JSON).
     */
    get: operations["session_events"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/invitations.pdf": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The invitations (giấy mời) to the council's officials and guests, one
     *     page each; `409 no_invitees` when the council lists none.
     */
    get: operations["invitations_as_pdf"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/minutes": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The minutes as the event log has them now, with the narratives. */
    get: operations["get_minutes"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/minutes.docx": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The minutes as a Word document, to finish by hand. */
    get: operations["minutes_as_docx"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/minutes.pdf": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The minutes as a PDF in the official typography. */
    get: operations["minutes_as_pdf"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/notes.md": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's notes on every document of the session, as Markdown. */
    get: operations["export_notes"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/packet": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every file the caller should hold for the session, to sync and verify
     *     (SHA-256) for reading offline.
     */
    get: operations["packet"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/polls": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The session's polls. Results appear only once a poll is closed. */
    get: operations["list_polls"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/resolutions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The session's resolutions: issued ones, and drafts for the council's
     *     staff.
     */
    get: operations["list_resolutions"];
    put?: never;
    /** Draft a resolution on an agenda item of the session. */
    post: operations["create_resolution"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/search": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Search the text of the session's documents, best matches first. */
    get: operations["search"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/sittings": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["list_sittings"];
    put?: never;
    post: operations["create_sitting"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/snapshot": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The session's whole current state and the event sequence it reflects;
     *     subscribe to the events with `Last-Event-ID: <seq>` to continue from it.
     *     `voted_polls` lists the polls the signed-in delegate has voted in (only
     *     that fact, never a choice).
     */
    get: operations["snapshot"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/start": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The chair opens a convened session (khai mạc). Below the quorum the
     *     council either refuses (`quorum_not_reached`) or warns (`below_quorum`)
     *     until the chair confirms with `below_quorum_confirmed`.
     */
    post: operations["start_session"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sessions/{id}/unread": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Per delegate, the published documents of the session meant for them
     *     that they have not opened yet.
     */
    get: operations["unread"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sittings/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations["delete_sitting"];
    options?: never;
    head?: never;
    patch: operations["update_sitting"];
    trace?: never;
  };
  "/api/sittings/{id}/attendance.pdf": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A sitting's attendance report (danh sách điểm danh): counts against the
     *     quorum, then every delegate present or absent with the reason. The live
     *     roll for the current sitting, the kept one for a sitting past;
     *     `409 sitting_not_begun` for one not begun.
     */
    get: operations["sitting_report_as_pdf"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/sittings/{id}/begin": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The chair begins the next sitting (phiên họp): the roll so far is kept
     *     as the current sitting's (its attendance report) and delegates check in
     *     afresh. Only forward (`sitting_passed`), with no poll open
     *     (`poll_open`) and no speech running (`speech_under_way`).
     */
    post: operations["begin_sitting"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/speeches/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a speech's time limit. */
    patch: operations["set_speech_limit"];
    trace?: never;
  };
  "/api/speeches/{id}/end": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations["end_speech"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/speeches/{id}/pause": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations["pause_speech"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/speeches/{id}/start": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start (or resume) a speech. Refused while another speech runs: the chair
     *     pauses or ends it first, so nobody is cut off by a slip of the hand.
     */
    post: operations["start_speech"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/speeches/{id}/withdraw": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Withdraw a request to speak: one's own, or any as the chair. */
    post: operations["withdraw_speech"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/terms/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations["get_term"];
    put?: never;
    post?: never;
    delete: operations["delete_term"];
    options?: never;
    head?: never;
    patch: operations["update_term"];
    trace?: never;
  };
  "/api/verify": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Check every signature of a PDF (the request body, `application/pdf`). */
    post: operations["verify"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description A user account. Secrets (password hash) never leave the store. */
    Account: {
      /**
       * Format: int64
       * @description The council the account belongs to; none only for the system administrator.
       */
      council_id: number | null;
      /** Format: date-time */
      created_at: string;
      /**
       * @description A disabled account signs in nowhere; its sign-ins ended when it was
       *     disabled. It stays in the records (who did what).
       */
      disabled?: boolean;
      display_name: string;
      /** Format: int64 */
      id: number;
      must_change_password: boolean;
      /**
       * Format: int64
       * @description The delegate, official or guest this account is for, if any.
       */
      person_id: number | null;
      role: components["schemas"]["Role"];
      username: string;
    };
    /**
     * @description Changing an account: display name, role, or a password reset (the user
     *     must then change it at next sign-in).
     */
    AccountPatch: {
      /** @description Disable (its sign-ins end) or enable again. */
      disabled?: boolean | null;
      display_name?: string | null;
      password?: string | null;
      /**
       * Format: int64
       * @description The person the account is for; `null` for nobody.
       */
      person_id?: number | null;
      role?: null | components["schemas"]["Role"];
      username?: string | null;
    };
    /**
     * @description An agenda item (nội dung) of a session; items may have one level of
     *     sub-items.
     */
    AgendaItem: {
      /**
       * Format: int64
       * @description Seconds it was current before `opened_at`; elapsed time is this plus
       *     now − `opened_at` while current.
       */
      elapsed_seconds: number;
      /** Format: int64 */
      id: number;
      /**
       * Format: date-time
       * @description When it last became the current item (only while current).
       */
      opened_at: string | null;
      /** Format: int64 */
      parent_id: number | null;
      /** Format: int32 */
      planned_minutes: number;
      /**
       * Format: int32
       * @description Order among its siblings, from 1.
       */
      position: number;
      /** @description Who presents it, e.g. "Đại diện UBND thành phố". */
      presenter: string;
      /** Format: int64 */
      session_id: number;
      state: components["schemas"]["AgendaState"];
      title: string;
      /** @description Added as an urgent item after the agenda was set. */
      urgent: boolean;
    };
    AgendaItemPatch: {
      /** Format: int32 */
      planned_minutes?: number | null;
      presenter?: string | null;
      title?: string | null;
    };
    /**
     * @description State of an agenda item.
     * @enum {string}
     */
    AgendaState: "pending" | "current" | "done";
    /** @description Annulling a poll: the reason is recorded. */
    Annulment: {
      reason: string;
    };
    /** @description One article: "Điều 1. <heading>" then its paragraphs. */
    Article: {
      /** @description E.g. "Phê chuẩn dự toán ngân sách địa phương năm 2027"; may be empty. */
      heading?: string;
      paragraphs: string[];
    };
    /** @description One delegate's attendance record in a session. */
    Attendance: {
      mode: null | components["schemas"]["AttendanceMode"];
      /** Format: int64 */
      person_id: number;
      reason: string;
      /** Format: int64 */
      session_id: number;
      status: components["schemas"]["AttendanceStatus"];
      /** Format: date-time */
      updated_at: string;
    };
    /**
     * @description A change of attendance. A delegate checks themselves in; the secretariat
     *     may do any of these for any delegate.
     */
    AttendanceChange:
      | {
          /** @enum {string} */
          action: "check_in";
          mode: components["schemas"]["AttendanceMode"];
        }
      | {
          /** @enum {string} */
          action: "check_out";
        }
      | {
          /** @enum {string} */
          action: "mark_absent";
          reason: string;
        };
    AttendanceLine: {
      full_name: string;
      /** Format: int64 */
      person_id: number;
      presence: components["schemas"]["Presence"];
      /** @description Why they were absent, as the secretariat recorded it. */
      reason: string;
    };
    /**
     * @description Where a present delegate attends from.
     * @enum {string}
     */
    AttendanceMode: "chamber" | "online";
    AttendanceSheet: {
      quorum: components["schemas"]["Quorum"];
      records: components["schemas"]["Attendance"][];
    };
    /**
     * @description A delegate's attendance in a session.
     * @enum {string}
     */
    AttendanceStatus: "present" | "absent" | "left";
    /** @description One entry of a listed document's audience. */
    AudienceEntry: {
      /** Format: int64 */
      id: number;
      kind: components["schemas"]["AudienceKind"];
    };
    /** @enum {string} */
    AudienceKind: "group" | "committee" | "person";
    /** @description The delegate's receipt: the ballot is committed. */
    BallotReceipt: {
      /** Format: int64 */
      poll_id: number;
      recorded: boolean;
      /**
       * @description True for secret, confidence and election polls: the choice is counted
       *     but not stored with the delegate's name.
       */
      secret: boolean;
    };
    /**
     * @description A ballot as sent by a delegate: exactly one of the fields, by poll kind.
     *     There is no field for the voter: it is always the signed-in delegate.
     */
    BallotRequest: {
      /** @description Elections: the chosen candidates' person ids (at most `max_choices`). */
      candidates?: number[] | null;
      choice?: null | components["schemas"]["Choice"];
      /**
       * Format: int64
       * @description Polls with options of their own: the chosen option's id.
       */
      option?: number | null;
      /**
       * @description Confidence votes: official's person id → rating. An official left
       *     out counts as an invalid rating for that official.
       */
      ratings?: {
        [key: string]: components["schemas"]["Rating"];
      } | null;
    };
    /**
     * @description What happens when the chair starts the session or opens a poll with
     *     fewer delegates present than the quorum.
     * @enum {string}
     */
    BelowQuorum: "warn" | "refuse";
    /** @enum {string} */
    CandidateOutcome: "elected" | "tied" | "not_elected";
    /** @description Which card the chair confirms: the one on their screen. */
    CardConfirmation: {
      /**
       * Format: date-time
       * @description The card's `issued_at`, as the pending list gave it.
       */
      issued_at: string;
    };
    /**
     * @description The choice on a yes/no ballot.
     * @enum {string}
     */
    Choice: "yes" | "no" | "abstain";
    /** @description A committee (Ban) of the council. */
    Committee: {
      /** Format: int64 */
      council_id: number;
      /** Format: int64 */
      id: number;
      name: string;
    };
    /**
     * @description Who may read a document once it is published.
     * @enum {string}
     */
    Confidentiality: "public" | "delegates" | "listed";
    /** @description A People's Council (Hội đồng nhân dân) with the settings its rules depend on. */
    Council: components["schemas"]["CouncilSettings"] & {
      /** Format: date-time */
      created_at: string;
      /** Format: int64 */
      id: number;
      name: string;
    };
    /** @description A partial update of a council: absent fields stay as they are. */
    CouncilPatch: {
      abstain_label?: string | null;
      below_quorum?: null | components["schemas"]["BelowQuorum"];
      first_speakers_first?: boolean | null;
      /** Format: int32 */
      lead_time_days?: number | null;
      long_term_signatures?: boolean | null;
      majority?: null | components["schemas"]["MajorityRule"];
      name?: string | null;
      no_label?: string | null;
      place_name?: string | null;
      quorum?: null | components["schemas"]["Fraction"];
      /** Format: int32 */
      speech_limit_seconds?: number | null;
      /** Format: int32 */
      total_seats?: number | null;
      yes_label?: string | null;
    };
    /** @description The council's settings: seats, wording of options, thresholds, time limits. */
    CouncilSettings: {
      abstain_label: string;
      /** @description Starting the session or opening a poll below the quorum. */
      below_quorum: components["schemas"]["BelowQuorum"];
      /** @description Delegates who have not yet spoken in the session go before those who have. */
      first_speakers_first: boolean;
      /**
       * Format: int32
       * @description Days before the session's start by which documents should reach delegates.
       */
      lead_time_days: number;
      /**
       * @description Resolutions signed for the long term (PAdES B-LTA: time-stamped,
       *     validation data, a document time-stamp) when the server has a
       *     time-stamping authority; off, they are signed at B-B (a council whose
       *     CA charges per time-stamp, or that signs without the network).
       */
      long_term_signatures: boolean;
      /** @description Default rule for passing a resolution. */
      majority: components["schemas"]["MajorityRule"];
      no_label: string;
      /** @description Place name used in document date lines ("Hải Phòng, ngày …"). */
      place_name: string;
      /** @description Share of seats that must be present for the council to sit. */
      quorum: components["schemas"]["Fraction"];
      /**
       * Format: int32
       * @description Default time limit of a speech.
       */
      speech_limit_seconds: number;
      /**
       * Format: int32
       * @description Total number of delegate seats: the base of most majorities.
       */
      total_seats: number;
      /** @description Option labels, e.g. "Tán thành" / "Không tán thành" / "Không biểu quyết". */
      yes_label: string;
    };
    /** @description A delegate group (tổ đại biểu), usually by constituency. */
    DelegateGroup: {
      /** Format: int64 */
      council_id: number;
      /** Format: int64 */
      id: number;
      name: string;
    };
    /** @description A run of paragraphs that is the same, gone, or new between two versions. */
    DiffChunk: {
      op: components["schemas"]["DiffOp"];
      paragraphs: string[];
    };
    /**
     * @description What happened to a run of paragraphs between two versions.
     * @enum {string}
     */
    DiffOp: "equal" | "delete" | "insert";
    Document: {
      /** Format: int64 */
      agenda_item_id: number | null;
      audience: components["schemas"]["AudienceEntry"][];
      confidentiality: components["schemas"]["Confidentiality"];
      /** Format: date-time */
      created_at: string;
      /**
       * Format: int64
       * @description Whole days between publishing (Vietnam time) and the session's
       *     planned start; negative when published after it began.
       */
      days_before_session: number | null;
      /** Format: int64 */
      id: number;
      kind: components["schemas"]["DocumentKind"];
      /**
       * @description Published later than the council's lead time (or not yet published
       *     with less than the lead time left).
       */
      late: boolean;
      /** @description Number and symbol (số, ký hiệu); empty when it has none. */
      number: string;
      /** Format: date-time */
      published_at: string | null;
      /** Format: int64 */
      session_id: number;
      title: string;
      /** @description Every version, oldest first; the last is current. */
      versions: components["schemas"]["DocumentVersion"][];
      withdrawal_reason: string | null;
      /**
       * Format: date-time
       * @description Withdrawn after publishing: still listed, marked, with the reason;
       *     its file is no longer served.
       */
      withdrawn_at: string | null;
    };
    /** @enum {string} */
    DocumentKind:
      "submission" | "draft_resolution" | "report" | "review_report" | "other";
    /** @description One uploaded file of a document. */
    DocumentVersion: {
      /** Format: int64 */
      byte_size: number;
      /** Format: date-time */
      created_at: string;
      file_name: string;
      /** Format: int32 */
      page_count: number;
      recognition: null | components["schemas"]["Recognition"];
      /** @description Pages without text (scans) and not (yet) read: not searchable. */
      scanned_pages: number[];
      sha256: string;
      /** Format: int32 */
      version: number;
    };
    /** @description The body of every error response. */
    ErrorBody: {
      /** @description Stable machine-readable code, e.g. `not_found`, `invalid_state`. */
      code: string;
      /** @description The request field at fault, when there is one. */
      field?: string | null;
      /** @description Human-readable explanation (English; the UI translates by `code`). */
      message: string;
    };
    /** @description One committed event, as stored and as sent to clients. */
    Event: {
      /**
       * Format: int64
       * @description Account that caused the event; none for the system itself.
       */
      actor: number | null;
      /** Format: date-time */
      at: string;
      hash: string;
      /** @description What happened, e.g. "agenda_item.created". */
      kind: string;
      payload: Record<string, unknown>;
      /** Format: int64 */
      seq: number;
      /** @description "system", "council:<id>" or "session:<id>". */
      stream: string;
    };
    /**
     * @description A fraction such as 1/2 or 2/3, kept as integers so that thresholds are
     *     exact: "more than half of 50" is 26, never 25.000001.
     */
    Fraction: {
      /** Format: int32 */
      denominator: number;
      /** Format: int32 */
      numerator: number;
    };
    /**
     * @description The chair's answer to a warning, sent when starting the session or
     *     opening a poll.
     */
    GoAhead: {
      /**
       * @description The chair has seen that the quorum is not reached and goes on (only
       *     where the council warns rather than refuses).
       */
      below_quorum_confirmed?: boolean;
    };
    /** @description What an import added. */
    ImportOutcome: {
      committees_created: components["schemas"]["Committee"][];
      groups_created: components["schemas"]["DelegateGroup"][];
      people: components["schemas"]["Person"][];
    };
    /**
     * @description One person of an imported list: groups and committees by name, made
     *     when the council has none of that name.
     */
    ImportPerson: {
      committees?: string[];
      delegate_group?: string | null;
      full_name: string;
      kind: components["schemas"]["PersonKind"];
      organization?: string;
      position_title?: string;
    };
    /** @description The chair's key and the council seal's key. */
    IssueRequest: {
      chair: components["schemas"]["KeySpec"];
      seal: components["schemas"]["KeySpec"];
    };
    /** @description Moving off the current agenda item (to another, or closing it). */
    ItemChange: {
      running_speech?: null | components["schemas"]["SpeechOnLeaving"];
    };
    /**
     * @description Where one of the two keys of an issue is. Secrets stay out of logs: this
     *     type has no `Debug`.
     */
    KeySpec:
      | {
          /** @description A PKCS#12 (.p12/.pfx) file, base64, and its password. */
          pkcs12: {
            file_base64: string;
            password: string;
          };
        }
      | {
          /**
           * @description A key on a token reached through the server's PKCS#11 module
           *     (`kyhop serve --pkcs11-module`): token label, key label, PIN.
           */
          pkcs11: {
            key: string;
            pin: string;
            token: string;
          };
        }
      | "demo";
    LoginRequest: {
      password: string;
      username: string;
    };
    /**
     * @description What a majority is counted against.
     * @enum {string}
     */
    MajorityBase: "total_seats" | "present" | "ballots_cast";
    /**
     * @description A rule that decides a poll: `base`, `fraction`, and whether the count must
     *     be strictly greater (">") or may be equal ("≥").
     */
    MajorityRule: {
      base: components["schemas"]["MajorityBase"];
      fraction: components["schemas"]["Fraction"];
      strict: boolean;
    };
    Minutes: {
      attendance: components["schemas"]["AttendanceLine"][];
      /**
       * @description The heads of the session's and the council's event chains when the
       *     minutes were drawn up, as printed (`kyhop audit verify --anchor`
       *     checks the database still extends them).
       */
      chain_anchors?: string[];
      /** Format: date-time */
      closed_at: string | null;
      council_name: string;
      items: components["schemas"]["MinutesItem"][];
      /**
       * Format: date-time
       * @description When the chair actually opened the session, and closed it.
       */
      opened_at: string | null;
      place: string;
      place_name: string;
      /** Format: date */
      planned_end: string;
      /** Format: date */
      planned_start: string;
      /** Format: int64 */
      session_id: number;
      /** Format: int32 */
      session_number: number;
      session_title: string;
      /**
       * @description Check-ins made by someone other than the delegate, pairing cards
       *     issued and confirmed, sign-ins ended by a new card: each with its
       *     time and who did it.
       */
      sign_in_events?: string[];
      term_name: string;
      /** Format: int32 */
      total_seats: number;
    };
    MinutesItem: {
      /** Format: int64 */
      agenda_item_id: number;
      /** Format: date-time */
      ended_at?: string | null;
      /** @description "1", "2.1"… */
      label: string;
      /** @description What the secretary wrote about the item. */
      narrative: string;
      /** @description Closed and annulled polls, in the order they were held. */
      polls: components["schemas"]["Poll"][];
      presenter: string;
      /** @description Resolutions issued on the item: (number, subject). */
      resolutions: [string, string][];
      speakers: components["schemas"]["SpeakerLine"][];
      /** Format: date-time */
      started_at?: string | null;
      title: string;
    };
    /** @description A named poll's published choice of one delegate. */
    NamedChoice: {
      full_name: string;
      label: string;
      option: components["schemas"]["OptionKind"];
      /** Format: int64 */
      person_id: number;
    };
    /** @description Showing or hiding a closed named poll's names on the chamber screen. */
    NamesOnScreen: {
      show: boolean;
    };
    Narrative: {
      text: string;
    };
    NewAccount: {
      /** Format: int64 */
      council_id?: number | null;
      display_name: string;
      /**
       * @description Initial password; the user must change it at first sign-in. Accounts
       *     without one sign in with a pairing code.
       */
      password?: string | null;
      /** Format: int64 */
      person_id?: number | null;
      role: components["schemas"]["Role"];
      username: string;
    };
    NewAgendaItem: {
      /** Format: int64 */
      parent_id?: number | null;
      /** Format: int32 */
      planned_minutes?: number;
      presenter?: string;
      title: string;
    };
    /**
     * @description Creating a council: a name, a place and a number of seats; every other
     *     setting may be given or takes the Vietnamese default.
     */
    NewCouncil: {
      abstain_label?: string | null;
      below_quorum?: null | components["schemas"]["BelowQuorum"];
      first_speakers_first?: boolean | null;
      /** Format: int32 */
      lead_time_days?: number | null;
      long_term_signatures?: boolean | null;
      majority?: null | components["schemas"]["MajorityRule"];
      name: string;
      no_label?: string | null;
      place_name: string;
      quorum?: null | components["schemas"]["Fraction"];
      /** Format: int32 */
      speech_limit_seconds?: number | null;
      /** Format: int32 */
      total_seats: number;
      yes_label?: string | null;
    };
    /**
     * @description The description of a document: sent with its first file, and again,
     *     whole, to change it.
     */
    NewDocument: {
      /** Format: int64 */
      agenda_item_id?: number | null;
      audience?: components["schemas"]["AudienceEntry"][];
      confidentiality?: components["schemas"]["Confidentiality"];
      kind: components["schemas"]["DocumentKind"];
      /** @description Number and symbol (số, ký hiệu), e.g. "15/TTr-UBND"; may be empty. */
      number?: string;
      title: string;
    };
    /** @description Creating something that is only a name (a delegate group, a committee). */
    NewNamed: {
      name: string;
    };
    NewNote: {
      body?: string;
      kind: components["schemas"]["NoteKind"];
      /** Format: int32 */
      page: number;
      quote: components["schemas"]["TextQuote"];
      /**
       * Format: int32
       * @description The version and page the passage was selected on.
       */
      version: number;
    };
    NewPerson: {
      committee_ids?: number[];
      /** Format: int64 */
      delegate_group_id?: number | null;
      full_name: string;
      kind: components["schemas"]["PersonKind"];
      organization?: string;
      position_title?: string;
    };
    /** @description Creating a poll on an agenda item (chair). */
    NewPoll: {
      /**
       * @description Named or secret poll: the council's own options (phương án 1, 2…),
       *     at least two, in place of yes / no / abstain; a ballot chooses one.
       */
      alternatives?: string[];
      /** @description Election: candidates (people of the council). */
      candidates?: number[];
      kind: components["schemas"]["PollKind"];
      /**
       * Format: int32
       * @description Election: seats to fill, i.e. most candidates a ballot may choose.
       */
      max_choices?: number | null;
      /** @description Confidence vote: the officials to rate. */
      officials?: number[];
      /**
       * Format: int64
       * @description The annulled poll this one repeats.
       */
      revote_of?: number | null;
      rule?: null | components["schemas"]["MajorityRule"];
      title: string;
    };
    /** @description A new resolution on an agenda item, adopted (later) by a poll. */
    NewResolution: {
      /** Format: int64 */
      agenda_item_id: number;
      articles: components["schemas"]["Article"][];
      /** @description "TM. HỘI ĐỒNG NHÂN DÂN". */
      authority: string;
      /** @description "Căn cứ …" and "Xét …" lines, without their final punctuation. */
      legal_bases: string[];
      /** @description A normative resolution (văn bản quy phạm pháp luật): its number carries the year. */
      normative?: boolean;
      /** Format: int64 */
      poll_id?: number | null;
      /** @description Nơi nhận, e.g. "Thường trực Thành ủy", "Lưu: VT". */
      recipients: string[];
      signer_name: string;
      /** @description "CHỦ TỊCH". */
      signer_title: string;
      /** @description Trích yếu, e.g. "Về dự toán ngân sách địa phương năm 2027". */
      subject: string;
    };
    NewSession: {
      kind: components["schemas"]["SessionKind"];
      /** Format: int32 */
      number: number;
      place: string;
      /** Format: date */
      planned_end: string;
      /** Format: date */
      planned_start: string;
      /** Format: int64 */
      term_id: number;
      title: string;
    };
    NewSitting: {
      /** Format: date-time */
      starts_at: string;
      title: string;
    };
    /**
     * @description Asking to speak. Delegates ask for themselves; the chair and secretariat
     *     may put anyone in the queue (an official to reply, for instance).
     */
    NewSpeech: {
      /**
       * Format: int64
       * @description For a question: the official it is addressed to.
       */
      addressed_to?: number | null;
      kind: components["schemas"]["SpeechKind"];
      /**
       * Format: int64
       * @description Whom to put in the queue (chair and secretariat only).
       */
      person_id?: number | null;
    };
    NewTerm: {
      /** Format: int32 */
      end_year: number;
      name: string;
      /** Format: int32 */
      start_year: number;
    };
    /** @description A note as its author sees it, placed in the document's current version. */
    Note: {
      body: string;
      /** Format: date-time */
      created_at: string;
      /** Format: int64 */
      document_id: number;
      /** Format: int64 */
      id: number;
      kind: components["schemas"]["NoteKind"];
      /** Format: int32 */
      made_on_page: number;
      /**
       * Format: int32
       * @description Where it was made.
       */
      made_on_version: number;
      orphaned: boolean;
      /**
       * Format: int32
       * @description Where its passage is in the current version; none when the passage is
       *     gone (the note is kept, marked orphaned).
       */
      page: number | null;
      quote: components["schemas"]["TextQuote"];
      /** Format: date-time */
      updated_at: string;
      /** Format: int32 */
      version: number;
    };
    /** @enum {string} */
    NoteKind: "note" | "highlight";
    /** @description Editing a note's text. */
    NotePatch: {
      body: string;
    };
    /** @description One line the reader found on a page. */
    OcrLine: {
      /**
       * @description Left, top, right, bottom as fractions of the page's width and height
       *     (from its top left corner), so that any zoom can place it.
       */
      bbox: number[];
      /** @description NFC text of the line. */
      text: string;
      /**
       * @description Left and right of each of its words (the text split at spaces), as
       *     fractions of the page's width: a selection or a mark over a scan
       *     falls on the word, whatever font the reader's screen draws it in.
       */
      words: number[][];
    };
    /** @description A page as the reader read it. */
    OcrPage: {
      /**
       * Format: float
       * @description Mean word confidence, 0–100.
       */
      confidence: number;
      lines: components["schemas"]["OcrLine"][];
      /**
       * Format: int32
       * @description From 1.
       */
      page: number;
    };
    /** @description A confidence vote's result for one official. */
    OfficialRating: {
      /** Format: int64 */
      high: number;
      high_percent: string;
      /**
       * Format: int64
       * @description Ballots that left this official unrated.
       */
      invalid: number;
      label: string;
      /** Format: int64 */
      low: number;
      /** @description "Tín nhiệm thấp" from more than half of the total seats: the official may resign. */
      low_over_half: boolean;
      low_percent: string;
      /** @description "Tín nhiệm thấp" from two thirds of the total seats or more: a vote of no confidence follows. */
      low_two_thirds: boolean;
      /** Format: int64 */
      medium: number;
      medium_percent: string;
      /** Format: int64 */
      option_id: number;
      /** Format: int64 */
      person_id?: number | null;
    };
    /** @description The count of one option. */
    OptionCount: {
      /** Format: int64 */
      count: number;
      kind: components["schemas"]["OptionKind"];
      label: string;
      /** Format: int64 */
      option_id: number;
      outcome?: null | components["schemas"]["CandidateOutcome"];
      /** @description Of the total seats, e.g. "90,00%". */
      percent_of_seats: string;
      /** Format: int64 */
      person_id?: number | null;
    };
    /** @enum {string} */
    OptionKind:
      "yes" | "no" | "abstain" | "candidate" | "official" | "alternative";
    /** @description A file a client should hold for the session (the session packet). */
    PacketEntry: {
      /** Format: int64 */
      byte_size: number;
      /** Format: int64 */
      document_id: number;
      sha256: string;
      title: string;
      /** @description Where to fetch it (supports Range and ETag). */
      url: string;
      /** Format: int32 */
      version: number;
    };
    /**
     * @description PAdES baseline levels (ETSI EN 319 142-1): B-B is a signature alone;
     *     B-T adds a time-stamp that proves when it existed; B-LT adds, in the
     *     file's DSS, the certificates and revocation status needed to validate
     *     it without asking anyone; B-LTA adds a document time-stamp over all of
     *     that, renewed before its authority's certificate expires.
     * @enum {string}
     */
    PadesLevel: "b_b" | "b_t" | "b_lt" | "b_lta";
    PairRequest: {
      /**
       * @description The code on the delegate's pairing card, e.g. "ABCD-EFGH" (case,
       *     spaces and dashes do not matter).
       */
      code: string;
    };
    /** @description A freshly issued pairing code. It is shown once and stored only hashed. */
    PairingCard: {
      /** @description The account the code signs in to (created if the person had none). */
      account: components["schemas"]["Account"];
      /**
       * @description Issued while a session is convened or sitting: the card works once
       *     the chair has confirmed it (and then ends the person's other sign-ins).
       */
      awaits_chair: boolean;
      /** @description The code to print on the card, e.g. "ABCD-EFGH". */
      code: string;
      /** Format: date-time */
      expires_at: string;
      /**
       * Format: date-time
       * @description When it was issued (the chair's confirmation names it).
       */
      issued_at: string;
      server: null | components["schemas"]["ServerAddress"];
      /**
       * @description The person was signed in somewhere when the card was issued: that
       *     sign-in ends when the card takes effect.
       */
      was_signed_in: boolean;
    };
    PasswordChange: {
      current_password: string;
      new_password: string;
    };
    /** @description A card that waits for the chair's confirmation. */
    PendingCard: {
      /** Format: date-time */
      expires_at: string;
      full_name: string;
      /** Format: date-time */
      issued_at: string;
      /**
       * Format: int64
       * @description The account that printed it (secretary or admin).
       */
      issued_by: number | null;
      issued_by_name: string | null;
      /** Format: int64 */
      person_id: number;
    };
    /** @description A list of people to add at once (a delegate list from a spreadsheet). */
    PeopleImport: {
      people: components["schemas"]["ImportPerson"][];
    };
    /** @description A delegate, official or guest of the council. */
    Person: {
      committee_ids: number[];
      /** Format: int64 */
      council_id: number;
      /** Format: int64 */
      delegate_group_id: number | null;
      full_name: string;
      /** Format: int64 */
      id: number;
      kind: components["schemas"]["PersonKind"];
      organization: string;
      /** @description Position, e.g. "Phó Chủ tịch UBND thành phố". */
      position_title: string;
    };
    /**
     * @description Who a person is to the council.
     * @enum {string}
     */
    PersonKind: "delegate" | "official" | "guest";
    /** @description A partial update of a person. `delegate_group_id: null` removes the group. */
    PersonPatch: {
      committee_ids?: number[] | null;
      /** Format: int64 */
      delegate_group_id?: number | null;
      full_name?: string | null;
      kind?: null | components["schemas"]["PersonKind"];
      organization?: string | null;
      position_title?: string | null;
    };
    Poll: {
      /** Format: int64 */
      agenda_item_id: number;
      annul_reason: string | null;
      /** Format: date-time */
      annulled_at: string | null;
      /**
       * Format: int32
       * @description Ballots cast so far: the live participation count.
       */
      ballots_cast: number;
      /**
       * @description Secret polls: every delegate's ballot is encrypted ahead, whatever
       *     their choice, so that a chamber voting at once is answered at once.
       */
      ballots_prepared?: boolean;
      /** Format: date-time */
      closed_at: string | null;
      /** Format: date-time */
      created_at: string;
      /** Format: int64 */
      id: number;
      kind: components["schemas"]["PollKind"];
      /**
       * Format: int32
       * @description Election: how many candidates a ballot may choose (seats to fill).
       */
      max_choices: number;
      /**
       * @description A closed named poll: the chair shows who chose what on the chamber
       *     screen (always in the minutes).
       */
      names_on_screen?: boolean;
      /** Format: date-time */
      opened_at: string | null;
      options: components["schemas"]["PollOption"][];
      /**
       * Format: int32
       * @description Delegates present when the poll opened: fixed then, the "present"
       *     base of its rule and of its result.
       */
      present_at_open: number | null;
      /**
       * @description Secret, confidence and election polls, once open: the poll's
       *     ElGamal public key (Ristretto, base64) that every ballot is
       *     encrypted under on receipt; the verification record repeats it.
       */
      public_key: string | null;
      result: null | components["schemas"]["PollResult"];
      /**
       * Format: int64
       * @description The annulled poll this one repeats.
       */
      revote_of: number | null;
      rule: components["schemas"]["MajorityRule"];
      /** Format: int64 */
      session_id: number;
      state: components["schemas"]["PollState"];
      threshold: null | components["schemas"]["Threshold"];
      title: string;
    };
    /** @enum {string} */
    PollKind: "named" | "secret" | "confidence" | "election";
    /**
     * @description One option of a poll: yes/no/abstain with the council's labels, a
     *     candidate, or an official to rate.
     */
    PollOption: {
      /** Format: int64 */
      id: number;
      kind: components["schemas"]["OptionKind"];
      label: string;
      /** Format: int64 */
      person_id?: number | null;
      /** Format: int32 */
      position: number;
    };
    /** @description A closed poll's result, counted on the total number of seats. */
    PollResult: {
      /** Format: int32 */
      ballots_cast: number;
      /** @description ballots cast ≤ present ≤ total seats. */
      invariants_hold: boolean;
      /** @description Named polls: every voter's choice. */
      named?: components["schemas"]["NamedChoice"][];
      officials?: components["schemas"]["OfficialRating"][];
      options: components["schemas"]["OptionCount"][];
      participation_percent: string;
      /** @description Yes/no polls: whether "yes" met the rule. */
      passed?: boolean | null;
      /**
       * Format: int32
       * @description Delegates present: checked in at the close, or who voted and left.
       */
      present: number;
      rule: components["schemas"]["MajorityRule"];
      /**
       * Format: int64
       * @description The number the rule is counted against (total seats, present or ballots).
       */
      rule_base: number;
      /** @description The announcement, e.g. "Có 48/50 đại biểu tham gia biểu quyết (96,00%); tán thành 45 (90,00%); …". */
      summary: string;
      /** Format: int32 */
      total_seats: number;
      /**
       * @description Secret polls: SHA-256 of the verification record (`GET
       *     /api/polls/{id}/verification`) that proves the count.
       */
      verification_sha256?: string | null;
      /**
       * Format: int64
       * @description Fewest votes that meet the rule.
       */
      votes_needed: number;
    };
    /** @enum {string} */
    PollState: "draft" | "open" | "closed" | "annulled";
    /**
     * @description How a delegate attended the session.
     * @enum {string}
     */
    Presence: "chamber" | "online" | "absent";
    /** @description Publishing documents (one or a batch). */
    Publication: {
      document_ids: number[];
    };
    /** @description Present delegates against the seats and the council's quorum. */
    Quorum: {
      /** Format: int32 */
      present: number;
      reached: boolean;
      /**
       * Format: int32
       * @description Delegates needed for the quorum.
       */
      required: number;
      /** Format: int32 */
      total_seats: number;
    };
    /**
     * @description A rating in a confidence vote (Nghị quyết 96/2023/QH15).
     * @enum {string}
     */
    Rating: "high" | "medium" | "low";
    /** @description Who has opened a document and who has not. */
    ReadReceipts: {
      /** Format: int64 */
      document_id: number;
      not_opened: components["schemas"]["ReceiptLine"][];
      opened: components["schemas"]["ReceiptLine"][];
    };
    ReceiptLine: {
      /**
       * Format: date-time
       * @description First time they opened it.
       */
      first_opened_at: string | null;
      full_name: string;
      /** Format: int64 */
      person_id: number;
    };
    /** @description How far the recognition of one version has come. */
    Recognition: {
      /**
       * Format: int32
       * @description Pages tried so far (read or failed).
       */
      pages_done: number;
      /**
       * Format: int32
       * @description Pages the reader gave up on (timed out, or the reader failed): they
       *     stay "scanned".
       */
      pages_failed: number;
      /**
       * Format: int32
       * @description Pages that needed recognition.
       */
      pages_total: number;
      /**
       * @description Why it is unavailable (what is missing, as the server found it),
       *     or the code of the last page that failed (`ocr_timed_out`,
       *     `ocr_failed`).
       */
      reason: string | null;
      state: components["schemas"]["RecognitionState"];
    };
    /**
     * @description Where the recognition of a version's scanned pages stands.
     * @enum {string}
     */
    RecognitionState:
      "queued" | "running" | "done" | "cancelled" | "unavailable";
    /**
     * @description A new order for part of a list (agenda items of one level, or the queue
     *     of one agenda item): every id of that list, in the new order.
     */
    Reorder: {
      order: number[];
      /**
       * Format: int64
       * @description For the agenda: whose sub-items to reorder (none: the top level).
       */
      parent_id?: number | null;
    };
    Resolution: {
      /** Format: int64 */
      agenda_item_id: number;
      articles: components["schemas"]["Article"][];
      /** @description "TM. HỘI ĐỒNG NHÂN DÂN". */
      authority: string;
      /** Format: int64 */
      council_id: number;
      /** Format: date-time */
      created_at: string;
      /** Format: int64 */
      id: number;
      /** Format: date-time */
      issued_at: string | null;
      /**
       * Format: date
       * @description The date printed on it (Vietnam time).
       */
      issued_on: string | null;
      /** @description "Căn cứ …" and "Xét …" lines, without their final punctuation. */
      legal_bases: string[];
      /** @description A normative resolution (văn bản quy phạm pháp luật): its number carries the year. */
      normative?: boolean;
      number: null | components["schemas"]["ResolutionNumber"];
      /** @description The signed PDF in the blob store. */
      pdf_sha256: string | null;
      /** Format: int64 */
      poll_id: number | null;
      poll_result?: null | components["schemas"]["PollResult"];
      /** @description Nơi nhận, e.g. "Thường trực Thành ủy", "Lưu: VT". */
      recipients: string[];
      /** Format: int64 */
      session_id: number;
      signer_name: string;
      /** @description "CHỦ TỊCH". */
      signer_title: string;
      state: components["schemas"]["ResolutionState"];
      /** @description Trích yếu, e.g. "Về dự toán ngân sách địa phương năm 2027". */
      subject: string;
    };
    /** @description What the secretariat writes; the system adds the number and the date. */
    ResolutionContent: {
      articles: components["schemas"]["Article"][];
      /** @description "TM. HỘI ĐỒNG NHÂN DÂN". */
      authority: string;
      /** @description "Căn cứ …" and "Xét …" lines, without their final punctuation. */
      legal_bases: string[];
      /** @description A normative resolution (văn bản quy phạm pháp luật): its number carries the year. */
      normative?: boolean;
      /** @description Nơi nhận, e.g. "Thường trực Thành ủy", "Lưu: VT". */
      recipients: string[];
      signer_name: string;
      /** @description "CHỦ TỊCH". */
      signer_title: string;
      /** @description Trích yếu, e.g. "Về dự toán ngân sách địa phương năm 2027". */
      subject: string;
    };
    /** @description "05/NQ-HĐND", or "05/2025/NQ-HĐND" for a normative resolution. */
    ResolutionNumber: {
      /**
       * Format: int32
       * @description From 1 each calendar year, per council.
       */
      seq: number;
      text: string;
      /** Format: int32 */
      year: number;
    };
    /** @description Changes to a draft. */
    ResolutionPatch: {
      articles: components["schemas"]["Article"][];
      /** @description "TM. HỘI ĐỒNG NHÂN DÂN". */
      authority: string;
      /** @description "Căn cứ …" and "Xét …" lines, without their final punctuation. */
      legal_bases: string[];
      /** @description A normative resolution (văn bản quy phạm pháp luật): its number carries the year. */
      normative?: boolean;
      /** Format: int64 */
      poll_id?: number | null;
      /** @description Nơi nhận, e.g. "Thường trực Thành ủy", "Lưu: VT". */
      recipients: string[];
      signer_name: string;
      /** @description "CHỦ TỊCH". */
      signer_title: string;
      /** @description Trích yếu, e.g. "Về dự toán ngân sách địa phương năm 2027". */
      subject: string;
    };
    /** @enum {string} */
    ResolutionState: "draft" | "issued";
    /**
     * @description What an account may do; checked by the server on every request.
     * @enum {string}
     */
    Role: "admin" | "secretary" | "chair" | "delegate" | "guest" | "display";
    /** @description A page that matches a search. */
    SearchHit: {
      /** Format: int64 */
      document_id: number;
      /** Format: int32 */
      page: number;
      /** @description The matching passage, matches between `<mark>` and `</mark>`. */
      snippet: string;
      title: string;
      /** Format: int32 */
      version: number;
    };
    /**
     * @description Where delegates' laptops reach the server: printed on pairing cards as
     *     text and in the QR code.
     */
    ServerAddress: {
      /**
       * @description SHA-256 of the server's TLS certificate (hex), which the desktop
       *     app pins; none over plain HTTP.
       */
      tls_fingerprint: string | null;
      /** @description The base URL, e.g. `https://192.168.1.10:8443`. */
      url: string;
    };
    /** @description A session (kỳ họp) of the council within a term. */
    Session: {
      /** Format: int64 */
      council_id: number;
      /** Format: date-time */
      created_at: string;
      /** Format: int64 */
      id: number;
      kind: components["schemas"]["SessionKind"];
      /**
       * Format: int32
       * @description "Kỳ họp thứ …": unique within the term.
       */
      number: number;
      place: string;
      /** Format: date */
      planned_end: string;
      /** Format: date */
      planned_start: string;
      state: components["schemas"]["SessionState"];
      /** Format: int64 */
      term_id: number;
      title: string;
    };
    /**
     * @description Kind of session (kỳ họp).
     * @enum {string}
     */
    SessionKind: "regular" | "thematic" | "urgent";
    SessionPatch: {
      kind?: null | components["schemas"]["SessionKind"];
      /** Format: int32 */
      number?: number | null;
      place?: string | null;
      /** Format: date */
      planned_end?: string | null;
      /** Format: date */
      planned_start?: string | null;
      title?: string | null;
    };
    /** @description A session's whole current state and the last event it reflects. */
    SessionSnapshot: {
      agenda: components["schemas"]["AgendaItem"][];
      attendance: components["schemas"]["Attendance"][];
      /**
       * Format: date-time
       * @description When delegates may begin checking in; `None` once the session sits
       *     ([`kyhop_domain::check_in_opens_at`]).
       */
      check_in_opens_at: string | null;
      council: components["schemas"]["Council"];
      /**
       * Format: int64
       * @description The agenda item under way, if any.
       */
      current_item_id: number | null;
      /**
       * Format: int64
       * @description The sitting attendance is kept for ([`kyhop_domain::current_sitting`]).
       */
      current_sitting_id: number | null;
      /** @description Every poll of the session; results only on closed polls. */
      polls: components["schemas"]["Poll"][];
      quorum: components["schemas"]["Quorum"];
      /**
       * Format: int64
       * @description Sequence number of the last event of the session's stream reflected
       *     here; subscribe with `Last-Event-ID` = this to continue from it.
       */
      seq: number;
      /**
       * Format: date-time
       * @description The server's clock when the snapshot was taken, for elapsed and
       *     remaining times.
       */
      server_time: string;
      session: components["schemas"]["Session"];
      sittings: components["schemas"]["Sitting"][];
      /** @description Every request to speak of the session, by agenda item and queue position. */
      speeches: components["schemas"]["Speech"][];
      /**
       * @description The polls of this session in which the signed-in delegate has cast a
       *     ballot, so that a reloaded page shows the receipt instead of the
       *     ballot again. Only the fact of having voted (as `poll_voters` keeps
       *     it), never a choice, also for named polls. Empty for accounts that
       *     are not a delegate's.
       */
      voted_polls: number[];
    };
    /**
     * @description Lifecycle of a session: draft → convened → in progress → closed.
     * @enum {string}
     */
    SessionState: "draft" | "convened" | "in_progress" | "closed";
    SignInsEnded: {
      /**
       * Format: int64
       * @description How many sign-ins (devices) were ended.
       */
      sign_ins: number;
    };
    /** @description A council's image as kept. */
    SignatureImage: {
      /** Format: int32 */
      height: number;
      kind: components["schemas"]["SignatureImageKind"];
      /**
       * Format: int64
       * @description The signer, for a signature; none for the seal.
       */
      person_id: number | null;
      sha256: string;
      /** Format: date-time */
      uploaded_at: string;
      /** Format: int32 */
      width: number;
    };
    /** @enum {string} */
    SignatureImageKind: "seal" | "signature";
    /** @description Result for one signature field. */
    SignatureReport: {
      /** @description The ByteRange ends at the end of the file (trailing whitespace allowed). */
      covers_whole_document: boolean;
      field_name: string;
      /**
       * @description The message digest matches the byte ranges AND the CMS signature
       *     verifies with the signer certificate's public key.
       */
      intact: boolean;
      /** @description The PAdES baseline level the signature reaches (EN 319 142-1). */
      level: components["schemas"]["PadesLevel"];
      /**
       * @description Later incremental updates change the document after this signature:
       *     more than validation data (/DSS) and document time-stamps, which
       *     long-term signatures add.
       */
      modified_after: boolean;
      /** @description Human-readable reasons when something is false. */
      problems: string[];
      /** @description RFC 4514 string of the signer certificate's subject ("" if unknown). */
      signer_subject: string;
      /**
       * Format: date-time
       * @description From the signature dictionary's /M.
       */
      signing_time?: string | null;
      /**
       * Format: date-time
       * @description The time of an intact time-stamp token over this signature (its
       *     unsigned signature-time-stamp attribute).
       */
      timestamp: string | null;
      /** @description That time-stamp's authority chains to one of the trust roots. */
      timestamp_trusted: boolean;
      /**
       * @description The signer certificate chains to one of the trust roots — at the
       *     time-stamp's time when a trusted one is there, else at /M.
       */
      trusted: boolean;
    };
    /** @description A new sign-in. */
    SignedIn: {
      account: components["schemas"]["Account"];
      /** Format: date-time */
      expires_at: string;
      /** @description Bearer token: send as `Authorization: Bearer <token>`. */
      token: string;
    };
    /** @description A sitting (phiên họp): one half-day of a session. */
    Sitting: {
      /**
       * Format: date-time
       * @description When the chair began it (the first with the session); attendance is
       *     kept for the last sitting begun, a fresh roll each sitting.
       */
      begun_at: string | null;
      /** Format: int64 */
      id: number;
      /** Format: int64 */
      session_id: number;
      /** Format: date-time */
      starts_at: string;
      title: string;
    };
    SittingBegun: {
      /** @description The quorum of the fresh roll (nobody is checked in yet). */
      quorum: components["schemas"]["Quorum"];
      sitting: components["schemas"]["Sitting"];
    };
    SittingPatch: {
      /** Format: date-time */
      starts_at?: string | null;
      title?: string | null;
    };
    SpeakerLine: {
      /** @description A question: whom it asked ("Trịnh Văn Lộc, Chủ tịch UBND"). */
      addressed_to: string | null;
      /**
       * Format: date-time
       * @description When the speech ended (questions and replies are minuted with it).
       */
      ended_at: string | null;
      full_name: string;
      kind: components["schemas"]["SpeechKind"];
      /** Format: int64 */
      seconds: number;
    };
    /** @description A request to speak, and the speech once given. */
    Speech: {
      /**
       * Format: int64
       * @description The official a question is addressed to.
       */
      addressed_to: number | null;
      /** Format: int64 */
      agenda_item_id: number;
      /** Format: date-time */
      ended_at: string | null;
      /** Format: int64 */
      id: number;
      kind: components["schemas"]["SpeechKind"];
      /** Format: int32 */
      limit_seconds: number;
      /** Format: int64 */
      person_id: number;
      /**
       * Format: int32
       * @description Place in the queue of its agenda item, from 1.
       */
      position: number;
      /** Format: date-time */
      requested_at: string;
      /**
       * Format: date-time
       * @description When the current stretch of speaking began (only while speaking).
       */
      running_since: string | null;
      /** Format: int64 */
      session_id: number;
      /**
       * @description The speaker's full name, so that the queue and the chamber screen
       *     need no separate list of people (events of older versions lack it).
       */
      speaker_name?: string;
      state: components["schemas"]["SpeechState"];
      /** @description The time limit has been reached. */
      timed_out: boolean;
      /**
       * Format: int64
       * @description Speaking time used before `running_since`, in milliseconds.
       */
      used_ms: number;
      /** @description The one-minute warning has been given. */
      warned: boolean;
    };
    /**
     * @description Kind of a request to speak.
     * @enum {string}
     */
    SpeechKind: "debate" | "question" | "reply";
    /** @description Changing a speech's time limit (chair). */
    SpeechLimit: {
      /** Format: int32 */
      limit_seconds: number;
    };
    /**
     * @description What becomes of a speech under way (speaking or paused) when the
     *     chair moves off its agenda item.
     * @enum {string}
     */
    SpeechOnLeaving: "end" | "pause";
    /** @enum {string} */
    SpeechState: "queued" | "speaking" | "paused" | "done" | "withdrawn";
    /** @description A term of office (nhiệm kỳ), e.g. 2021–2026. */
    Term: {
      /** Format: int64 */
      council_id: number;
      /** Format: int32 */
      end_year: number;
      /** Format: int64 */
      id: number;
      name: string;
      /** Format: int32 */
      start_year: number;
    };
    TermPatch: {
      /** Format: int32 */
      end_year?: number | null;
      name?: string | null;
      /** Format: int32 */
      start_year?: number | null;
    };
    /**
     * @description Where a note points: the quoted passage, a little text before and after
     *     it, and the page it was on when made.
     */
    TextQuote: {
      exact: string;
      prefix?: string;
      suffix?: string;
    };
    /** @description A rule's numbers as announced when the poll opens. */
    Threshold: {
      /**
       * Format: int64
       * @description What the rule counts against; none while it is the ballots cast
       *     (known at the close).
       */
      rule_base: number | null;
      /** @description The sentence, e.g. "Cần quá nửa tổng số đại biểu: từ 26/50 phiếu tán thành trở lên." */
      text: string;
      /**
       * Format: int64
       * @description Fewest votes that meet the rule; none while the base is unknown.
       */
      votes_needed: number | null;
    };
    UnreadDocument: {
      /** Format: int64 */
      document_id: number;
      title: string;
    };
    /** @description The published documents a delegate may read and has not opened yet. */
    UnreadLine: {
      full_name: string;
      /** Format: int64 */
      person_id: number;
      unread: components["schemas"]["UnreadDocument"][];
    };
    /**
     * @description The description sent with a new document's first file. Title, number
     *     and kind may be left out: they are then read from the file's first
     *     page (and the file's name when the page says nothing).
     */
    UploadDescription: {
      /** Format: int64 */
      agenda_item_id?: number | null;
      audience?: components["schemas"]["AudienceEntry"][];
      confidentiality?: components["schemas"]["Confidentiality"];
      kind?: null | components["schemas"]["DocumentKind"];
      number?: string | null;
      title?: string | null;
    };
    /** @description The multipart form of an upload (for the API document). */
    UploadForm: {
      document?: null | components["schemas"]["UploadDescription"];
      /**
       * Format: binary
       * @description The PDF.
       */
      file: string;
    };
    Verification: {
      signatures: components["schemas"]["SignatureReport"][];
      /**
       * @description Signed, every signature intact and trusted, nothing added after the
       *     last signature.
       */
      valid: boolean;
    };
    /** @description Why a published document is withdrawn (shown to its readers). */
    Withdrawal: {
      reason: string;
    };
  };
  responses: {
    /** @description A malformed request: bad path or query parameters, or unreadable JSON (`bad_path`, `bad_query`, `malformed_json`, `bad_request`). */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The records are not in a state that allows this (`invalid_state`, `duplicate`, `in_use`, or the refusal's own code). */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The caller's role may not do this, or a password change is due (`forbidden`, `password_change_required`). */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description No such record, or one of another council (`not_found`). */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The body is larger than allowed (`payload_too_large`). */
    PayloadTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The database cannot be reached now: nothing was changed, and the same request may be sent again (`database_unavailable`). */
    ServiceUnavailable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description Not signed in, or the sign-in is no longer valid (`unauthenticated`, `invalid_token`, `token_expired`). */
    Unauthenticated: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description A field fails its checks (`validation_failed`, `invalid_body`, `invalid_reference`); `field` names it. */
    Unprocessable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
    /** @description The body is not of the content type this operation takes (`unsupported_media_type`). */
    UnsupportedMediaType: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        "application/json": components["schemas"]["ErrorBody"];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  list_accounts: {
    parameters: {
      query?: {
        /** @description Only accounts of this council. */
        council_id?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Account"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_account: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewAccount"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Account"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_account: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Account"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_account: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_account: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AccountPatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Account"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  end_sign_ins: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SignInsEnded"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_agenda_item: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_agenda_item: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AgendaItemPatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgendaItem"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  close_item: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": null | components["schemas"]["ItemChange"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgendaItem"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description speech_under_way, invalid_state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  set_narrative: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Narrative"];
      };
    };
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  open_item: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": null | components["schemas"]["ItemChange"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgendaItem"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description speech_under_way, invalid_state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_poll: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewPoll"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Poll"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description invalid_state, counting_key_unavailable */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_speakers: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Speech"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  request_speech: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewSpeech"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Speech"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  reorder_speakers: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Reorder"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Speech"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["LoginRequest"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SignedIn"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      /** @description too_many_attempts: wait `Retry-After` seconds */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description sign_in_busy */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
    };
  };
  logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      403: components["responses"]["Forbidden"];
      409: components["responses"]["Conflict"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Account"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      403: components["responses"]["Forbidden"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  pair: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PairRequest"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SignedIn"];
        };
      };
      400: components["responses"]["BadRequest"];
      /** @description pairing_code_unknown, pairing_code_expired, pairing_code_used or pairing_code_replaced */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description pairing_awaits_chair */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      /** @description too_many_attempts: wait `Retry-After` seconds */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  change_password: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PasswordChange"];
      };
    };
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      403: components["responses"]["Forbidden"];
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_committee: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  rename_committee: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewNamed"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Committee"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_councils: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Council"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_council: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewCouncil"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Council"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_council: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Council"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_council: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_council: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CouncilPatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Council"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_committees: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Committee"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_committee: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewNamed"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Committee"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_groups: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DelegateGroup"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_group: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewNamed"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DelegateGroup"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  council_events: {
    parameters: {
      query?: {
        /**
         * @description Send events after this sequence number (default: `Last-Event-ID`,
         *     else only events from now on).
         */
        after?: number;
      };
      header?: {
        /** @description last sequence number the client has */
        "Last-Event-ID"?: number | null;
      };
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/event-stream": {
            data: string;
            /** @description The event's sequence number in its stream. */
            id: string;
          };
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  pending_pairing_codes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PendingCard"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_people: {
    parameters: {
      query?: {
        /** @description Only people of this kind. */
        kind?: components["schemas"]["PersonKind"];
      };
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Person"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_person: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewPerson"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Person"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  import_people: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PeopleImport"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ImportOutcome"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description more_delegates_than_seats, duplicate */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_signature: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
        person_id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "image/png": number[];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  put_signature: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
        person_id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "image/png": string;
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SignatureImage"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      415: components["responses"]["UnsupportedMediaType"];
      /** @description image_not_png, image_too_large, image_too_small, image_no_transparency, image_empty, signature_not_blue, invalid_reference */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_signature: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
        person_id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_sessions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Session"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_session: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewSession"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Session"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_images: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SignatureImage"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_seal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "image/png": number[];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  put_seal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "image/png": string;
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SignatureImage"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      415: components["responses"]["UnsupportedMediaType"];
      /** @description image_not_png, image_too_large, image_too_small, image_no_transparency, image_empty, seal_not_round, seal_not_red */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_seal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_terms: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Term"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_term: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewTerm"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Term"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_group: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  rename_group: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewNamed"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DelegateGroup"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_document: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_document: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewDocument"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description document_withdrawn */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_document: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description document_published */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  diff: {
    parameters: {
      query: {
        from: number;
        to: number;
      };
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["DiffChunk"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  download: {
    parameters: {
      query?: {
        /** @description Default: the current version. */
        version?: number;
        /**
         * @description `true` when a laptop fetches the file ahead, to read it offline
         *     later: that is not a read (the laptop reports the read when the
         *     document is opened).
         */
        prefetch?: boolean;
      };
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      206: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      416: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_notes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Note"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_note: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewNote"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Note"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  read_receipts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ReadReceipts"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  cancel_recognition: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description recognition_closed: none is queued or running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  upload_version: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "multipart/form-data": components["schemas"]["UploadForm"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  recognised_pages: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
        version: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["OcrPage"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  withdraw_document: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Withdrawal"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description document_not_published, document_withdrawn */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_note: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_note: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NotePatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Note"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_person: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Person"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_person: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_person: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PersonPatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Person"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  issue_pairing_code: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PairingCard"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description not_pairable */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  confirm_pairing_code: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["CardConfirmation"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Account"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      /** @description No card of this person awaits the chair */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description card_replaced: a newer card was printed since */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_poll: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Poll"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  annul_poll: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Annulment"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Poll"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  cast_ballot: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["BallotRequest"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["BallotReceipt"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      /** @description not_a_delegate */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: components["responses"]["NotFound"];
      /** @description poll_not_open, not_checked_in, arrived_after_opening, already_voted */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  close_poll: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Poll"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description poll_not_open */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  count_report: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description not a closed secret poll */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  show_names: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NamesOnScreen"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Poll"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description poll_not_named, poll_not_closed */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  open_poll: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": null | components["schemas"]["GoAhead"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Poll"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description poll_open, poll_not_draft, below_quorum, quorum_not_reached */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  verification_record: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The record (JSON) */
      200: {
        headers: {
          /** @description SHA-256 of the record, as printed in the ballot-count report */
          "x-record-sha256"?: string;
          [name: string]: unknown;
        };
        content: {
          "application/json": Record<string, unknown>;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      /** @description No such poll, or no record: a named poll, or a secret poll not yet closed */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_resolution: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Resolution"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_resolution: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["ResolutionPatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Resolution"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  issue_resolution: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["IssueRequest"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Resolution"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description poll_not_passed, poll_missing, signer_not_certificate_holder, same_key_for_chair_and_seal */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description the time-stamping authority is down (tsa_unreachable), refused (tsa_refused) or answered with a token not for this request (timestamp_mismatch) or not from a trusted authority (timestamp_untrusted); the revocation status of a signer's certificate could not be had (revocation_unavailable) or relied on (revocation_invalid); nothing was numbered */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  resolution_pdf: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  preview: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_session: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Session"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_session: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_session: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SessionPatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Session"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_agenda: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgendaItem"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_agenda_item: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewAgendaItem"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgendaItem"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  agenda_as_pdf: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  reorder_agenda: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Reorder"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgendaItem"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  add_urgent_item: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewAgendaItem"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AgendaItem"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_attendance: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["AttendanceSheet"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  set_attendance: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
        person_id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["AttendanceChange"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Attendance"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  close_session: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Session"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  convene_session: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Session"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  convening_notice_as_pdf: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_documents: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  upload_document: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "multipart/form-data": components["schemas"]["UploadForm"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      415: components["responses"]["UnsupportedMediaType"];
      /** @description not_a_pdf, pdf_empty, pdf_truncated, pdf_damaged, pdf_encrypted, … */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  publish: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Publication"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Document"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  session_events: {
    parameters: {
      query?: {
        /**
         * @description Send events after this sequence number (default: `Last-Event-ID`,
         *     else only events from now on).
         */
        after?: number;
      };
      header?: {
        /** @description last sequence number the client has */
        "Last-Event-ID"?: number | null;
      };
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/event-stream": {
            data: string;
            /** @description The event's sequence number in its stream. */
            id: string;
          };
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  invitations_as_pdf: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description no_invitees */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_minutes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Minutes"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  minutes_as_docx: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  minutes_as_pdf: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  export_notes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/markdown": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  packet: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["PacketEntry"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_polls: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Poll"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_resolutions: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Resolution"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_resolution: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewResolution"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Resolution"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  search: {
    parameters: {
      query: {
        /** @description Words to find; case and diacritics do not matter ("ngan sach" finds "ngân sách"). */
        q: string;
        /** @description Most hits (default 20, at most 100). */
        limit?: number;
      };
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SearchHit"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  list_sittings: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Sitting"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  create_sitting: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["NewSitting"];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Sitting"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  snapshot: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SessionSnapshot"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  start_session: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        "application/json": null | components["schemas"]["GoAhead"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Session"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description below_quorum, quorum_not_reached, invalid_state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  unread: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["UnreadLine"][];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_sitting: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_sitting: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SittingPatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Sitting"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  sitting_report_as_pdf: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/pdf": unknown;
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description sitting_not_begun */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  begin_sitting: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["SittingBegun"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description sitting_passed, poll_open, speech_under_way, invalid_state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  set_speech_limit: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SpeechLimit"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Speech"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  end_speech: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Speech"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  pause_speech: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Speech"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  start_speech: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Speech"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: components["responses"]["NotFound"];
      /** @description speech_running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  withdraw_speech: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Speech"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      404: components["responses"]["NotFound"];
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  get_term: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Term"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  delete_term: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      422: components["responses"]["Unprocessable"];
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  update_term: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["TermPatch"];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Term"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      409: components["responses"]["Conflict"];
      413: components["responses"]["PayloadTooLarge"];
      415: components["responses"]["UnsupportedMediaType"];
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      503: components["responses"]["ServiceUnavailable"];
    };
  };
  verify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/pdf": string;
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["Verification"];
        };
      };
      400: components["responses"]["BadRequest"];
      401: components["responses"]["Unauthenticated"];
      403: components["responses"]["Forbidden"];
      409: components["responses"]["Conflict"];
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      415: components["responses"]["UnsupportedMediaType"];
      /** @description damaged_pdf, encrypted_pdf, pdf_timed_out, pdf_unreadable */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
      /** @description pdf_busy: too many PDFs being read at once */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/json": components["schemas"]["ErrorBody"];
        };
      };
    };
  };
}
