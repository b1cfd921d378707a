ALTER TABLE "sent_messages" ADD COLUMN "status_code" text;--> statement-breakpoint
ALTER TABLE "sent_messages" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sent_messages" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sent_messages" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sent_messages" ADD COLUMN "check_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sent_messages" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sent_messages" ADD COLUMN "routing" jsonb;--> statement-breakpoint
ALTER TABLE "sent_messages" ADD COLUMN "check_failed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sent_messages_due_idx" ON "sent_messages" USING btree ("next_check_at") WHERE "sent_messages"."status" = 'accepted';--> statement-breakpoint
-- Messages sent before tracking existed are checked once soon; the refresher then spaces them out.
UPDATE "sent_messages" SET "next_check_at" = now() WHERE "status" = 'accepted';
