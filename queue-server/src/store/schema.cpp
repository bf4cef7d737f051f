#include "schema.hpp"

#include <array>
#include <string>

namespace anoman::server {
namespace {

// Step N brings user_version N to N+1. Never edit a released step: add one.
constexpr std::array<const char*, 6> kMigrations = {
    // 0 -> 1: the first schema.
    R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- One row per ticket ever issued. Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    service_day      TEXT    NOT NULL,           -- hospital-local YYYY-MM-DD it was issued on
    issued_service   TEXT    NOT NULL,           -- service whose numbering it took
    service          TEXT    NOT NULL,           -- service whose queue it is in now
    daily_seq        INTEGER NOT NULL,
    number           TEXT    NOT NULL,
    priority         INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    counter          TEXT,
    calls            INTEGER NOT NULL DEFAULT 0,
    issued_at_ms     INTEGER NOT NULL,
    queued_at_ms     INTEGER NOT NULL,           -- entered its current queue
    called_at_ms     INTEGER,
    first_called_at_ms INTEGER,                  -- for waiting-time statistics
    finished_at_ms   INTEGER,
    device           TEXT,
    request_id       TEXT,
    patient          TEXT,                       -- JSON of the patient object, if any
    UNIQUE (service_day, issued_service, daily_seq)
);
CREATE INDEX tickets_waiting ON tickets (service, priority DESC, queued_at_ms, id) WHERE status = 'waiting';
CREATE INDEX tickets_day ON tickets (service_day, status);
CREATE INDEX tickets_number ON tickets (service_day, number);
-- The last daily sequence number taken per service and day: gap-free numbering.
CREATE TABLE daily_numbers (
    service_day TEXT    NOT NULL,
    service     TEXT    NOT NULL,
    last_seq    INTEGER NOT NULL,
    PRIMARY KEY (service_day, service)
) WITHOUT ROWID;
-- Idempotency of ticket.issue on (device, request_id), kept at least 7 days.
CREATE TABLE issue_keys (
    device       TEXT    NOT NULL,
    request_id   TEXT    NOT NULL,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    created_ms   INTEGER NOT NULL,
    PRIMARY KEY (device, request_id)
) WITHOUT ROWID;
CREATE TABLE counters (
    id             TEXT PRIMARY KEY,
    open           INTEGER NOT NULL DEFAULT 1,
    reason         TEXT,
    current_ticket INTEGER REFERENCES tickets(id)
);
-- Every event ever sent; its rowid is the protocol's seq (AUTOINCREMENT: never reused).
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms       INTEGER NOT NULL,
    service_day TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL                 -- the event's JSON without seq
);
CREATE INDEX events_calls ON events (service_day, seq) WHERE kind IN ('called', 'recalled');
)sql",
    // 1 -> 2: devices registered at run time (device.add) and revocations
    // (device.revoke). Only the SHA-256 of a token is kept, never the token.
    R"sql(
CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    role         TEXT    NOT NULL,
    counter      TEXT,
    token_sha256 TEXT,                           -- NULL: a configuration device, revoked here
    note         TEXT,
    created_ms   INTEGER NOT NULL,
    revoked_ms   INTEGER                         -- NULL while the device may connect
);
)sql",
    // 2 -> 3: the wait estimate reads the last finished services of a service
    // on every ticket.issue, and once per service on every services.list and
    // subscribe; without this index each read was a scan of every ticket ever issued.
    R"sql(
CREATE INDEX tickets_done ON tickets (service, finished_at_ms) WHERE status = 'done';
)sql",
    // 3 -> 4: BPJS Antrean (BPJS-ANTREAN.md part 1). A ticket's booking code,
    // and the outbox of tasks to report, written in the transaction of the
    // change that caused them. Rows of a ticket without a booking code wait
    // (booking_code NULL) until ticket.link gives it one.
    R"sql(
CREATE TABLE bpjs_bookings (
    ticket_id    INTEGER PRIMARY KEY REFERENCES tickets(id),
    booking_code TEXT    NOT NULL,
    service_day  TEXT    NOT NULL,               -- the ticket's: one code per ticket per day
    linked_ms    INTEGER NOT NULL,
    UNIQUE (service_day, booking_code)
);
CREATE TABLE bpjs_outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order a booking's rows are sent in
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    booking_code TEXT,                           -- NULL until the ticket is linked
    kind         TEXT    NOT NULL,               -- 'updatewaktu' or 'batal'
    taskid       INTEGER,                        -- updatewaktu: 1-5 or 99
    waktu_ms     INTEGER NOT NULL,               -- the event's instant, epoch ms
    keterangan   TEXT,                           -- batal: the reason, in Bahasa Indonesia
    created_ms   INTEGER NOT NULL,
    state        TEXT    NOT NULL DEFAULT 'pending',  -- pending, delivered, rejected (201)
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_try_ms  INTEGER,
    last_code    INTEGER,                        -- BPJS metadata.code, or HTTP status, or NULL (network)
    last_message TEXT,
    delivered_ms INTEGER
);
CREATE INDEX bpjs_outbox_ticket ON bpjs_outbox (ticket_id);
CREATE INDEX bpjs_outbox_open ON bpjs_outbox (booking_code, id) WHERE state <> 'delivered';
CREATE INDEX bpjs_outbox_delivered ON bpjs_outbox (delivered_ms) WHERE state = 'delivered';
)sql",
    // 4 -> 5: the web door (docs/web.md). A ticket's page code (its secret, 128
    // random bits); one satisfaction answer per ticket; the dashboard's
    // accounts (Argon2id hashes), sessions (SHA-256 of the cookie only) and
    // login failures (for lockouts).
    R"sql(
CREATE TABLE ticket_codes (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    code      TEXT    NOT NULL UNIQUE
);
CREATE TABLE satisfaction (
    ticket_id   INTEGER PRIMARY KEY REFERENCES tickets(id),
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    at_ms       INTEGER NOT NULL
);
CREATE TABLE web_accounts (
    name          TEXT PRIMARY KEY,
    password_hash TEXT    NOT NULL,
    created_ms    INTEGER NOT NULL,
    disabled_ms   INTEGER
);
CREATE TABLE web_sessions (
    token_sha256 TEXT PRIMARY KEY,
    account      TEXT    NOT NULL,
    csrf         TEXT    NOT NULL,
    created_ms   INTEGER NOT NULL,
    seen_ms      INTEGER NOT NULL
);
CREATE TABLE web_login_failures (
    subject TEXT    NOT NULL,                    -- "account:NAME" or "address:IP"
    at_ms   INTEGER NOT NULL
);
CREATE INDEX web_login_failures_subject ON web_login_failures (subject, at_ms);
CREATE INDEX tickets_issued_at ON tickets (issued_at_ms);
)sql",
    // 5 -> 6: Mobile JKN bookings (docs/mobile-jkn.md). A booking holds its
    // number as a tickets row with the internal status 'booked' (hidden from
    // the protocol: no queue, display or counter sees it) until it checks in
    // and becomes 'waiting'; cancelled before that it becomes 'unclaimed'
    // (also hidden). Its number is never given again: numbering stays gap-free.
    R"sql(
CREATE TABLE jkn_bookings (
    ticket_id      INTEGER PRIMARY KEY REFERENCES tickets(id),
    booking_code   TEXT    NOT NULL UNIQUE,
    service        TEXT    NOT NULL,
    service_day    TEXT    NOT NULL,
    jenis          TEXT    NOT NULL,             -- 'jkn' or 'nonjkn' (which daily quota)
    nomorkartu     TEXT,
    nik            TEXT    NOT NULL,
    nohp           TEXT,
    norm           TEXT,
    nomorreferensi TEXT,
    jeniskunjungan INTEGER,
    estimated_ms   INTEGER NOT NULL,             -- estimasidilayani, epoch ms
    created_ms     INTEGER NOT NULL,
    source         TEXT    NOT NULL,             -- 'mobile_jkn' or the admin device that added it
    state          TEXT    NOT NULL DEFAULT 'booked',  -- booked, checked_in, cancelled
    checked_in_ms  INTEGER,
    cancelled_ms   INTEGER,
    cancel_reason  TEXT
);
CREATE INDEX jkn_bookings_quota ON jkn_bookings (service, service_day, jenis, state);
CREATE INDEX jkn_bookings_nik ON jkn_bookings (service_day, nik);
CREATE INDEX jkn_bookings_kartu ON jkn_bookings (service_day, nomorkartu);
CREATE INDEX jkn_bookings_open ON jkn_bookings (service_day) WHERE state = 'booked';
)sql",
};

}  // namespace

// The one place PRAGMA user_version is read.
int user_version(Database& db) { return db.prepare("PRAGMA user_version").scalar<int>(); }

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

void migrate(Database& db) {
    const int found = user_version(db);
    if (found > current_schema_version()) {
        throw StoreError("database " + db.path() + " has schema version " + std::to_string(found) +
                         ", newer than this queue-server understands (" + std::to_string(current_schema_version()) +
                         "); install the newer queue-server or restore a backup made by this version");
    }
    if (found == current_schema_version()) return;
    Transaction tx(db);
    for (int step = found; step < current_schema_version(); ++step) db.exec(kMigrations[static_cast<std::size_t>(step)]);
    db.exec("PRAGMA user_version = " + std::to_string(current_schema_version()));
    tx.commit();
}

}  // namespace anoman::server
