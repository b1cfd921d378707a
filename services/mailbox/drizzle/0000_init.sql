CREATE TABLE "mailbox_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"storage_id" text NOT NULL,
	"sender" text NOT NULL,
	"recipient" text NOT NULL,
	"addressed_to" text NOT NULL,
	"workflow_id" text NOT NULL,
	"message_type" text NOT NULL,
	"status" text NOT NULL,
	"total_chunks" integer NOT NULL,
	"chunks_received" integer NOT NULL,
	"file_size" bigint DEFAULT 0 NOT NULL,
	"subject" text,
	"content_type" text,
	"content_encoding" text,
	"file_name" text,
	"local_id" text,
	"partner_id" text,
	"checksum" text,
	"encrypted" boolean DEFAULT false NOT NULL,
	"compressed" boolean DEFAULT false NOT NULL,
	"linked_message_id" text,
	"copy_of" text,
	"redirected_to" text,
	"status_event" text,
	"status_code" text,
	"status_description" text,
	"status_at" timestamp with time zone NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"inbox_expires_at" timestamp with time zone,
	"delete_after" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "mailbox_messages_inbox_idx" ON "mailbox_messages" USING btree ("recipient","status","seq");--> statement-breakpoint
CREATE INDEX "mailbox_messages_sender_idx" ON "mailbox_messages" USING btree ("sender","seq");--> statement-breakpoint
CREATE INDEX "mailbox_messages_local_id_idx" ON "mailbox_messages" USING btree ("sender","local_id") WHERE "mailbox_messages"."local_id" is not null;--> statement-breakpoint
CREATE INDEX "mailbox_messages_expiry_idx" ON "mailbox_messages" USING btree ("inbox_expires_at") WHERE "mailbox_messages"."status" = 'accepted';--> statement-breakpoint
CREATE INDEX "mailbox_messages_delete_idx" ON "mailbox_messages" USING btree ("delete_after") WHERE "mailbox_messages"."delete_after" is not null;--> statement-breakpoint
CREATE INDEX "mailbox_messages_uploading_idx" ON "mailbox_messages" USING btree ("updated_at") WHERE "mailbox_messages"."status" = 'uploading';--> statement-breakpoint
CREATE INDEX "mailbox_messages_copy_idx" ON "mailbox_messages" USING btree ("copy_of") WHERE "mailbox_messages"."copy_of" is not null;