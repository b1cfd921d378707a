ALTER TABLE "inbox_messages" ADD COLUMN "checksum_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbox_messages" ADD COLUMN "checksum_ok" boolean;