CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text,
	"action" text NOT NULL,
	"mailbox_id" text,
	"message_id" text,
	"ip" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"person_id" text NOT NULL,
	"mailbox_id" text NOT NULL,
	"role" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grants_person_id_mailbox_id_pk" PRIMARY KEY("person_id","mailbox_id"),
	CONSTRAINT "grants_role_valid" CHECK ("grants"."role" in ('member', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "inbox_messages" (
	"mailbox_id" text NOT NULL,
	"message_id" text NOT NULL,
	"sender_mailbox_id" text,
	"sender_org_name" text,
	"workflow_id" text,
	"subject" text,
	"local_id" text,
	"file_name" text,
	"content_type" text,
	"size_bytes" bigint,
	"checksum" text,
	"chunk_count" integer DEFAULT 1 NOT NULL,
	"message_type" text DEFAULT 'DATA' NOT NULL,
	"status_code" text,
	"status_event" text,
	"status_description" text,
	"linked_message_id" text,
	"received_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"gone_at" timestamp with time zone,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_messages_mailbox_id_message_id_pk" PRIMARY KEY("mailbox_id","message_id"),
	CONSTRAINT "inbox_messages_message_type_valid" CHECK ("inbox_messages"."message_type" in ('DATA', 'REPORT'))
);
--> statement-breakpoint
CREATE TABLE "mailboxes" (
	"mailbox_id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"ods_code" text NOT NULL,
	"environment" text DEFAULT 'local' NOT NULL,
	"mesh_url" text,
	"password_encrypted" text NOT NULL,
	"shared_key_encrypted" text NOT NULL,
	"client_key_encrypted" text,
	"client_cert" text,
	"ca_cert" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailboxes_mailbox_id_upper" CHECK ("mailboxes"."mailbox_id" = upper("mailboxes"."mailbox_id"))
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"ods_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sent_messages" (
	"mailbox_id" text NOT NULL,
	"message_id" text NOT NULL,
	"sent_by" text NOT NULL,
	"recipient_mailbox_id" text NOT NULL,
	"recipient_name" text,
	"workflow_id" text NOT NULL,
	"subject" text,
	"local_id" text,
	"file_name" text,
	"content_type" text,
	"size_bytes" bigint,
	"checksum" text,
	"sent_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'accepted' NOT NULL,
	"status_updated_at" timestamp with time zone NOT NULL,
	"ndr_message_id" text,
	"ndr_description" text,
	CONSTRAINT "sent_messages_mailbox_id_message_id_pk" PRIMARY KEY("mailbox_id","message_id"),
	CONSTRAINT "sent_messages_status_valid" CHECK ("sent_messages"."status" in ('accepted', 'acknowledged', 'undeliverable', 'error'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"idp_sid" text
);
--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_mailbox_id_mailboxes_mailbox_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("mailbox_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_mailbox_id_mailboxes_mailbox_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("mailbox_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_ods_code_organisations_ods_code_fk" FOREIGN KEY ("ods_code") REFERENCES "public"."organisations"("ods_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sent_messages" ADD CONSTRAINT "sent_messages_mailbox_id_mailboxes_mailbox_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("mailbox_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_mailbox_at_idx" ON "audit_log" USING btree ("mailbox_id","at");--> statement-breakpoint
CREATE INDEX "grants_mailbox_id_idx" ON "grants" USING btree ("mailbox_id");--> statement-breakpoint
CREATE INDEX "inbox_messages_active_idx" ON "inbox_messages" USING btree ("mailbox_id","received_at" DESC NULLS LAST,"message_id" DESC NULLS LAST) WHERE "inbox_messages"."acknowledged_at" is null and "inbox_messages"."gone_at" is null;--> statement-breakpoint
CREATE INDEX "inbox_messages_unopened_idx" ON "inbox_messages" USING btree ("mailbox_id") WHERE "inbox_messages"."opened_at" is null and "inbox_messages"."acknowledged_at" is null and "inbox_messages"."gone_at" is null;--> statement-breakpoint
CREATE INDEX "mailboxes_ods_code_idx" ON "mailboxes" USING btree ("ods_code");--> statement-breakpoint
CREATE INDEX "sent_messages_mailbox_sent_at_idx" ON "sent_messages" USING btree ("mailbox_id","sent_at" DESC NULLS LAST,"message_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sent_messages_pending_idx" ON "sent_messages" USING btree ("mailbox_id") WHERE "sent_messages"."status" = 'accepted';--> statement-breakpoint
CREATE INDEX "sessions_person_id_idx" ON "sessions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sessions_idp_sid_idx" ON "sessions" USING btree ("idp_sid");