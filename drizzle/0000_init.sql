CREATE TABLE "access_grant" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"whop_user_id" text,
	"tier_id" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"whop_membership_id" text,
	"whop_plan_id" text,
	"whop_product_id" text,
	"whop_status" text,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"renews_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"activated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_grant_owner_check" CHECK ("access_grant"."user_id" IS NOT NULL OR "access_grant"."whop_user_id" IS NOT NULL),
	CONSTRAINT "access_grant_membership_check" CHECK ("access_grant"."source" = 'signup' OR "access_grant"."whop_membership_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "app_identity" (
	"id" text PRIMARY KEY NOT NULL,
	"whop_id" text NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"username" text,
	"avatar_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "billing_tier" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"daily_limit" integer NOT NULL,
	"template_cap" integer NOT NULL,
	"rank" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_tier_daily_limit_check" CHECK ("billing_tier"."daily_limit" >= -1),
	CONSTRAINT "billing_tier_template_cap_check" CHECK ("billing_tier"."template_cap" >= 0)
);
--> statement-breakpoint
CREATE TABLE "conversation_node" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "conversation_node_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"output_id" text NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'complete' NOT NULL,
	"model" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "output_record" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"blueprint_id" text NOT NULL,
	"prompt" text NOT NULL,
	"model" text NOT NULL,
	"provider_model" text,
	"status" text DEFAULT 'streaming' NOT NULL,
	"error_code" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"total_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "prompt_blueprint" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"label" text NOT NULL,
	"description" text NOT NULL,
	"instructions" text NOT NULL,
	"input_hint" text DEFAULT '' NOT NULL,
	"is_pro_only" boolean DEFAULT false NOT NULL,
	"sort_order" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_bucket" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconcile_run" (
	"id" text PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"counts" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "usage_counter" (
	"user_id" text NOT NULL,
	"day" date NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_counter_user_id_day_pk" PRIMARY KEY("user_id","day"),
	CONSTRAINT "usage_counter_count_check" CHECK ("usage_counter"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "webhook_event" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"payload" jsonb
);
--> statement-breakpoint
ALTER TABLE "access_grant" ADD CONSTRAINT "access_grant_user_id_app_identity_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_identity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grant" ADD CONSTRAINT "access_grant_tier_id_billing_tier_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."billing_tier"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_node" ADD CONSTRAINT "conversation_node_output_id_output_record_id_fk" FOREIGN KEY ("output_id") REFERENCES "public"."output_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_record" ADD CONSTRAINT "output_record_user_id_app_identity_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_identity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_record" ADD CONSTRAINT "output_record_blueprint_id_prompt_blueprint_id_fk" FOREIGN KEY ("blueprint_id") REFERENCES "public"."prompt_blueprint"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_counter" ADD CONSTRAINT "usage_counter_user_id_app_identity_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_identity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_grant_whop_membership_id_key" ON "access_grant" USING btree ("whop_membership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "access_grant_signup_per_user_key" ON "access_grant" USING btree ("user_id") WHERE "access_grant"."source" = 'signup';--> statement-breakpoint
CREATE INDEX "access_grant_user_id_status_idx" ON "access_grant" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "access_grant_whop_user_id_idx" ON "access_grant" USING btree ("whop_user_id");--> statement-breakpoint
CREATE INDEX "access_grant_tier_id_idx" ON "access_grant" USING btree ("tier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "app_identity_whop_id_key" ON "app_identity" USING btree ("whop_id");--> statement-breakpoint
CREATE INDEX "app_identity_email_idx" ON "app_identity" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "billing_tier_name_key" ON "billing_tier" USING btree ("name");--> statement-breakpoint
CREATE INDEX "conversation_node_output_created_idx" ON "conversation_node" USING btree ("output_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "output_record_user_created_idx" ON "output_record" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "output_record_blueprint_id_idx" ON "output_record" USING btree ("blueprint_id");--> statement-breakpoint
CREATE INDEX "output_record_status_idx" ON "output_record" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "prompt_blueprint_slug_key" ON "prompt_blueprint" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "prompt_blueprint_sort_order_key" ON "prompt_blueprint" USING btree ("sort_order");--> statement-breakpoint
CREATE INDEX "rate_limit_bucket_expires_at_idx" ON "rate_limit_bucket" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "reconcile_run_started_at_idx" ON "reconcile_run" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "webhook_event_received_at_idx" ON "webhook_event" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "webhook_event_type_idx" ON "webhook_event" USING btree ("type");