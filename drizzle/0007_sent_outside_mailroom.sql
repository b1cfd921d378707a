-- A message this mailbox sent from another system (found in the rich outbox) has no Mailroom sender.
ALTER TABLE "sent_messages" ALTER COLUMN "sent_by" DROP NOT NULL;
--> statement-breakpoint
-- A send in progress shows as "Sending" while its process keeps this fresh (docs/sent.md).
ALTER TABLE "send_intents" ADD COLUMN "alive_at" timestamp with time zone;
