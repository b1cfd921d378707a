CREATE TABLE "access_reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"mailbox_id" text NOT NULL,
	"reviewed_by" text NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcomes" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "credentials_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "credentials_updated_by" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "org_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_mailbox_id_mailboxes_mailbox_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("mailbox_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_reviews_mailbox_idx" ON "access_reviews" USING btree ("mailbox_id","reviewed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_mailbox_id_idx" ON "audit_log" USING btree ("mailbox_id","id" DESC NULLS LAST);--> statement-breakpoint
-- The audit hash chain (ADR 0251). Each entry's hash covers its content and the previous entry's hash.
-- The text hashed is a JSON array, so no field can bleed into the next; times are written in UTC so the
-- session's TimeZone cannot change a hash.
CREATE FUNCTION "audit_entry_hash"(
  p_id bigint, p_at timestamptz, p_actor text, p_action text, p_mailbox_id text, p_message_id text,
  p_ip text, p_request_id text, p_detail jsonb, p_prev_hash text
) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    p_id, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), p_actor, p_action, p_mailbox_id,
    p_message_id, p_ip, p_request_id, p_detail, p_prev_hash
  )::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Writers take one transaction-scoped advisory lock, then the id, then the previous hash: ids follow the
-- order of the chain and no two entries can name the same predecessor, whichever process writes.
CREATE FUNCTION "audit_log_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(7305501602);
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  SELECT hash INTO previous FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := previous;
  NEW.hash := audit_entry_hash(NEW.id, NEW.at, NEW.actor, NEW.action, NEW.mailbox_id, NEW.message_id, NEW.ip,
    NEW.request_id, NEW.detail, NEW.prev_hash);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Entries written before this migration join the chain in id order, once.
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_no_update_or_delete";
--> statement-breakpoint
DO $$
DECLARE
  entry record;
  previous text := NULL;
  digest text;
BEGIN
  FOR entry IN SELECT * FROM audit_log ORDER BY id LOOP
    digest := audit_entry_hash(entry.id, entry.at, entry.actor, entry.action, entry.mailbox_id, entry.message_id,
      entry.ip, entry.request_id, entry.detail, previous);
    UPDATE audit_log SET prev_hash = previous, hash = digest WHERE id = entry.id;
    previous := digest;
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_no_update_or_delete";
--> statement-breakpoint
CREATE TRIGGER "audit_log_chain" BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_chain"();
