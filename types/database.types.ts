export type Json = string | number | boolean | null | {
  [key: string]: Json | undefined;
} | Json[];

export type Database = {
  "public": {
    Tables: {
      "activities": {
        Row: {
          "created_at": string;
          "icon": string | null;
          "id": string;
          "name_en": string;
          "name_ru": string;
          "slug": string;
          "sort_order": number;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "icon"?: string | null;
          "id"?: string;
          "name_en": string;
          "name_ru": string;
          "slug": string;
          "sort_order"?: number;
          "updated_at"?: string;
        };
        Update: {
          "created_at"?: string;
          "icon"?: string | null;
          "id"?: string;
          "name_en"?: string;
          "name_ru"?: string;
          "slug"?: string;
          "sort_order"?: number;
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "audit_log": {
        Row: {
          "action": string;
          "actor_id": string | null;
          "after": Json | null;
          "before": Json | null;
          "created_at": string;
          "id": number;
          "reason": string | null;
          "target_id": string | null;
          "target_table": string;
        };
        ComputedFields: never;
        Insert: {
          "action": string;
          "actor_id"?: string | null;
          "after"?: Json | null;
          "before"?: Json | null;
          "created_at"?: string;
          "id"?: never;
          "reason"?: string | null;
          "target_id"?: string | null;
          "target_table": string;
        };
        Update: {
          "action"?: string;
          "actor_id"?: string | null;
          "after"?: Json | null;
          "before"?: Json | null;
          "created_at"?: string;
          "id"?: never;
          "reason"?: string | null;
          "target_id"?: string | null;
          "target_table"?: string;
        };
        Relationships: [];
      };
      "blocks": {
        Row: {
          "blocked_id": string;
          "blocker_id": string;
          "created_at": string;
        };
        ComputedFields: never;
        Insert: {
          "blocked_id": string;
          "blocker_id": string;
          "created_at"?: string;
        };
        Update: {
          "blocked_id"?: string;
          "blocker_id"?: string;
          "created_at"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "blocks_blocked_id_fkey";
            columns: ["blocked_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "blocks_blocked_id_fkey";
            columns: ["blocked_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "blocks_blocked_id_fkey";
            columns: ["blocked_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "blocks_blocked_id_fkey";
            columns: ["blocked_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "blocks_blocker_id_fkey";
            columns: ["blocker_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "blocks_blocker_id_fkey";
            columns: ["blocker_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "blocks_blocker_id_fkey";
            columns: ["blocker_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "blocks_blocker_id_fkey";
            columns: ["blocker_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "categories": {
        Row: {
          "created_at": string;
          "icon": string | null;
          "id": string;
          "name_en": string;
          "name_ru": string;
          "slug": string;
          "sort_order": number;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "icon"?: string | null;
          "id"?: string;
          "name_en": string;
          "name_ru": string;
          "slug": string;
          "sort_order"?: number;
          "updated_at"?: string;
        };
        Update: {
          "created_at"?: string;
          "icon"?: string | null;
          "id"?: string;
          "name_en"?: string;
          "name_ru"?: string;
          "slug"?: string;
          "sort_order"?: number;
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "chat_members": {
        Row: {
          "chat_id": string;
          "joined_at": string;
          "last_read_at": string;
          "role": Database["public"]["Enums"]["chat_member_role"];
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "chat_id": string;
          "joined_at"?: string;
          "last_read_at"?: string;
          "role"?: Database["public"]["Enums"]["chat_member_role"];
          "user_id": string;
        };
        Update: {
          "chat_id"?: string;
          "joined_at"?: string;
          "last_read_at"?: string;
          "role"?: Database["public"]["Enums"]["chat_member_role"];
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "chat_members_chat_id_fkey";
            columns: ["chat_id"];
            isOneToOne: false;
            referencedRelation: "chats";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "chat_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "chat_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "chat_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "chat_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "chats": {
        Row: {
          "avatar_path": string | null;
          "created_at": string;
          "created_by": string | null;
          "direct_key": string | null;
          "id": string;
          "kind": Database["public"]["Enums"]["chat_kind"];
          "last_message_at": string | null;
          "title": string | null;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "avatar_path"?: string | null;
          "created_at"?: string;
          "created_by"?: string | null;
          "direct_key"?: string | null;
          "id"?: string;
          "kind": Database["public"]["Enums"]["chat_kind"];
          "last_message_at"?: string | null;
          "title"?: string | null;
          "updated_at"?: string;
        };
        Update: {
          "avatar_path"?: string | null;
          "created_at"?: string;
          "created_by"?: string | null;
          "direct_key"?: string | null;
          "id"?: string;
          "kind"?: Database["public"]["Enums"]["chat_kind"];
          "last_message_at"?: string | null;
          "title"?: string | null;
          "updated_at"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "chats_created_by_fkey";
            columns: ["created_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "chats_created_by_fkey";
            columns: ["created_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "chats_created_by_fkey";
            columns: ["created_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "chats_created_by_fkey";
            columns: ["created_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "city_leaderboard": {
        Row: {
          "city": string;
          "quests_completed": number;
          "total_duration_s": number;
          "total_score": number;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "city": string;
          "quests_completed": number;
          "total_duration_s": number;
          "total_score": number;
          "user_id": string;
        };
        Update: {
          "city"?: string;
          "quests_completed"?: number;
          "total_duration_s"?: number;
          "total_score"?: number;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "city_leaderboard_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "city_leaderboard_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "city_leaderboard_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "city_leaderboard_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "credit_ledger": {
        Row: {
          "amount": number;
          "balance_after": number;
          "created_at": string;
          "created_by": string | null;
          "id": number;
          "note": string | null;
          "quest_id": string | null;
          "reason": Database["public"]["Enums"]["credit_reason"];
          "reference_id": string | null;
          "user_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "amount": number;
          "balance_after": number;
          "created_at"?: string;
          "created_by"?: string | null;
          "id"?: never;
          "note"?: string | null;
          "quest_id"?: string | null;
          "reason": Database["public"]["Enums"]["credit_reason"];
          "reference_id"?: string | null;
          "user_id"?: string | null;
        };
        Update: {
          "amount"?: number;
          "balance_after"?: number;
          "created_at"?: string;
          "created_by"?: string | null;
          "id"?: never;
          "note"?: string | null;
          "quest_id"?: string | null;
          "reason"?: Database["public"]["Enums"]["credit_reason"];
          "reference_id"?: string | null;
          "user_id"?: string | null;
        };
        Relationships: [];
      };
      "credit_packs": {
        Row: {
          "active": boolean;
          "app_store_product_id": string | null;
          "created_at": string;
          "credits": number;
          "currency": string;
          "id": string;
          "play_store_product_id": string | null;
          "price_amount": number;
          "sort_order": number;
          "title": string;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "active"?: boolean;
          "app_store_product_id"?: string | null;
          "created_at"?: string;
          "credits": number;
          "currency": string;
          "id"?: string;
          "play_store_product_id"?: string | null;
          "price_amount": number;
          "sort_order"?: number;
          "title": string;
          "updated_at"?: string;
        };
        Update: {
          "active"?: boolean;
          "app_store_product_id"?: string | null;
          "created_at"?: string;
          "credits"?: number;
          "currency"?: string;
          "id"?: string;
          "play_store_product_id"?: string | null;
          "price_amount"?: number;
          "sort_order"?: number;
          "title"?: string;
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "event_activity": {
        Row: {
          "actor_id": string | null;
          "created_at": string;
          "event_id": string;
          "id": number;
          "kind": Database["public"]["Enums"]["event_activity_kind"];
          "payload": NonNullable<Json>;
          "team_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "actor_id"?: string | null;
          "created_at"?: string;
          "event_id": string;
          "id"?: never;
          "kind": Database["public"]["Enums"]["event_activity_kind"];
          "payload"?: NonNullable<Json>;
          "team_id"?: string | null;
        };
        Update: {
          "actor_id"?: string | null;
          "created_at"?: string;
          "event_id"?: string;
          "id"?: never;
          "kind"?: Database["public"]["Enums"]["event_activity_kind"];
          "payload"?: NonNullable<Json>;
          "team_id"?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "event_activity_actor_id_fkey";
            columns: ["actor_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_activity_actor_id_fkey";
            columns: ["actor_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_activity_actor_id_fkey";
            columns: ["actor_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_activity_actor_id_fkey";
            columns: ["actor_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_activity_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_activity_team_id_fkey";
            columns: ["team_id"];
            isOneToOne: false;
            referencedRelation: "teams";
            referencedColumns: ["id"];
          },
        ];
      };
      "event_game_masters": {
        Row: {
          "added_at": string;
          "added_by": string | null;
          "event_id": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "added_at"?: string;
          "added_by"?: string | null;
          "event_id": string;
          "user_id": string;
        };
        Update: {
          "added_at"?: string;
          "added_by"?: string | null;
          "event_id"?: string;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "event_game_masters_added_by_fkey";
            columns: ["added_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_game_masters_added_by_fkey";
            columns: ["added_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_game_masters_added_by_fkey";
            columns: ["added_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_game_masters_added_by_fkey";
            columns: ["added_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_game_masters_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_game_masters_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_game_masters_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_game_masters_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_game_masters_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "event_teams": {
        Row: {
          "disqualified_at": string | null;
          "disqualify_reason": string | null;
          "event_id": string;
          "finished_at": string | null;
          "last_accuracy_m": number | null;
          "last_activity_at": string | null;
          "last_lat": number | null;
          "last_lng": number | null;
          "last_position_at": string | null;
          "points_done": number;
          "registered_at": string;
          "registered_by": string | null;
          "run_status": Database["public"]["Enums"]["run_status"] | null;
          "score": number;
          "score_at": string;
          "team_id": string;
        };
        ComputedFields: never;
        Insert: {
          "disqualified_at"?: string | null;
          "disqualify_reason"?: string | null;
          "event_id": string;
          "finished_at"?: string | null;
          "last_accuracy_m"?: number | null;
          "last_activity_at"?: string | null;
          "last_lat"?: number | null;
          "last_lng"?: number | null;
          "last_position_at"?: string | null;
          "points_done"?: number;
          "registered_at"?: string;
          "registered_by"?: string | null;
          "run_status"?: Database["public"]["Enums"]["run_status"] | null;
          "score"?: number;
          "score_at"?: string;
          "team_id": string;
        };
        Update: {
          "disqualified_at"?: string | null;
          "disqualify_reason"?: string | null;
          "event_id"?: string;
          "finished_at"?: string | null;
          "last_accuracy_m"?: number | null;
          "last_activity_at"?: string | null;
          "last_lat"?: number | null;
          "last_lng"?: number | null;
          "last_position_at"?: string | null;
          "points_done"?: number;
          "registered_at"?: string;
          "registered_by"?: string | null;
          "run_status"?: Database["public"]["Enums"]["run_status"] | null;
          "score"?: number;
          "score_at"?: string;
          "team_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "event_teams_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_teams_registered_by_fkey";
            columns: ["registered_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_teams_registered_by_fkey";
            columns: ["registered_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_teams_registered_by_fkey";
            columns: ["registered_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_teams_registered_by_fkey";
            columns: ["registered_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "event_teams_team_id_fkey";
            columns: ["team_id"];
            isOneToOne: false;
            referencedRelation: "teams";
            referencedColumns: ["id"];
          },
        ];
      };
      "events": {
        Row: {
          "created_at": string;
          "description": string;
          "ended_at": string | null;
          "ends_at": string;
          "id": string;
          "join_code": string | null;
          "max_team_size": number;
          "max_teams": number;
          "organiser_id": string | null;
          "paused_at": string | null;
          "quest_id": string;
          "start_mode": Database["public"]["Enums"]["event_start_mode"];
          "started_at": string | null;
          "starts_at": string;
          "status": Database["public"]["Enums"]["event_status"];
          "time_limit_min": number | null;
          "title": string;
          "updated_at": string;
          "visibility": Database["public"]["Enums"]["event_visibility"];
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "description"?: string;
          "ended_at"?: string | null;
          "ends_at": string;
          "id"?: string;
          "join_code"?: string | null;
          "max_team_size"?: number;
          "max_teams"?: number;
          "organiser_id"?: string | null;
          "paused_at"?: string | null;
          "quest_id": string;
          "start_mode"?: Database["public"]["Enums"]["event_start_mode"];
          "started_at"?: string | null;
          "starts_at": string;
          "status"?: Database["public"]["Enums"]["event_status"];
          "time_limit_min"?: number | null;
          "title": string;
          "updated_at"?: string;
          "visibility"?: Database["public"]["Enums"]["event_visibility"];
        };
        Update: {
          "created_at"?: string;
          "description"?: string;
          "ended_at"?: string | null;
          "ends_at"?: string;
          "id"?: string;
          "join_code"?: string | null;
          "max_team_size"?: number;
          "max_teams"?: number;
          "organiser_id"?: string | null;
          "paused_at"?: string | null;
          "quest_id"?: string;
          "start_mode"?: Database["public"]["Enums"]["event_start_mode"];
          "started_at"?: string | null;
          "starts_at"?: string;
          "status"?: Database["public"]["Enums"]["event_status"];
          "time_limit_min"?: number | null;
          "title"?: string;
          "updated_at"?: string;
          "visibility"?: Database["public"]["Enums"]["event_visibility"];
        };
        Relationships: [
          {
            foreignKeyName: "events_organiser_id_fkey";
            columns: ["organiser_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "events_organiser_id_fkey";
            columns: ["organiser_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "events_organiser_id_fkey";
            columns: ["organiser_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "events_organiser_id_fkey";
            columns: ["organiser_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "events_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
        ];
      };
      "favourites": {
        Row: {
          "created_at": string;
          "quest_id": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "quest_id": string;
          "user_id"?: string;
        };
        Update: {
          "created_at"?: string;
          "quest_id"?: string;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "favourites_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
        ];
      };
      "friend_requests": {
        Row: {
          "created_at": string;
          "id": string;
          "receiver_id": string;
          "responded_at": string | null;
          "sender_id": string;
          "status": Database["public"]["Enums"]["friend_request_status"];
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "id"?: string;
          "receiver_id": string;
          "responded_at"?: string | null;
          "sender_id": string;
          "status"?: Database["public"]["Enums"]["friend_request_status"];
        };
        Update: {
          "created_at"?: string;
          "id"?: string;
          "receiver_id"?: string;
          "responded_at"?: string | null;
          "sender_id"?: string;
          "status"?: Database["public"]["Enums"]["friend_request_status"];
        };
        Relationships: [
          {
            foreignKeyName: "friend_requests_receiver_id_fkey";
            columns: ["receiver_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friend_requests_receiver_id_fkey";
            columns: ["receiver_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friend_requests_receiver_id_fkey";
            columns: ["receiver_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friend_requests_receiver_id_fkey";
            columns: ["receiver_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friend_requests_sender_id_fkey";
            columns: ["sender_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friend_requests_sender_id_fkey";
            columns: ["sender_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friend_requests_sender_id_fkey";
            columns: ["sender_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friend_requests_sender_id_fkey";
            columns: ["sender_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "friendships": {
        Row: {
          "created_at": string;
          "user_high": string;
          "user_low": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "user_high": string;
          "user_low": string;
        };
        Update: {
          "created_at"?: string;
          "user_high"?: string;
          "user_low"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "friendships_user_high_fkey";
            columns: ["user_high"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friendships_user_high_fkey";
            columns: ["user_high"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friendships_user_high_fkey";
            columns: ["user_high"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friendships_user_high_fkey";
            columns: ["user_high"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friendships_user_low_fkey";
            columns: ["user_low"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friendships_user_low_fkey";
            columns: ["user_low"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friendships_user_low_fkey";
            columns: ["user_low"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "friendships_user_low_fkey";
            columns: ["user_low"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "merch_items": {
        Row: {
          "active": boolean;
          "created_at": string;
          "description": string;
          "id": string;
          "image_paths": (string)[];
          "per_user_limit": number;
          "price_credits": number;
          "quest_id": string | null;
          "quest_rule": Database["public"]["Enums"]["merch_quest_rule"] | null;
          "stock": number | null;
          "title": string;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "active"?: boolean;
          "created_at"?: string;
          "description"?: string;
          "id"?: string;
          "image_paths"?: (string)[];
          "per_user_limit"?: number;
          "price_credits": number;
          "quest_id"?: string | null;
          "quest_rule"?: Database["public"]["Enums"]["merch_quest_rule"] | null;
          "stock"?: number | null;
          "title": string;
          "updated_at"?: string;
        };
        Update: {
          "active"?: boolean;
          "created_at"?: string;
          "description"?: string;
          "id"?: string;
          "image_paths"?: (string)[];
          "per_user_limit"?: number;
          "price_credits"?: number;
          "quest_id"?: string | null;
          "quest_rule"?: Database["public"]["Enums"]["merch_quest_rule"] | null;
          "stock"?: number | null;
          "title"?: string;
          "updated_at"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "merch_items_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
        ];
      };
      "merch_order_items": {
        Row: {
          "item_id": string;
          "order_id": string;
          "quantity": number;
          "title": string;
          "unit_price_credits": number;
        };
        ComputedFields: never;
        Insert: {
          "item_id": string;
          "order_id": string;
          "quantity": number;
          "title": string;
          "unit_price_credits": number;
        };
        Update: {
          "item_id"?: string;
          "order_id"?: string;
          "quantity"?: number;
          "title"?: string;
          "unit_price_credits"?: number;
        };
        Relationships: [
          {
            foreignKeyName: "merch_order_items_item_id_fkey";
            columns: ["item_id"];
            isOneToOne: false;
            referencedRelation: "merch_items";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "merch_order_items_order_id_fkey";
            columns: ["order_id"];
            isOneToOne: false;
            referencedRelation: "merch_order_details";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "merch_order_items_order_id_fkey";
            columns: ["order_id"];
            isOneToOne: false;
            referencedRelation: "merch_orders";
            referencedColumns: ["id"];
          },
        ];
      };
      "merch_orders": {
        Row: {
          "cancel_reason": string | null;
          "cancellation":
            | Database["public"]["Enums"]["order_cancellation"]
            | null;
          "created_at": string;
          "id": string;
          "idempotency_key": string;
          "ship_address": string | null;
          "ship_city": string | null;
          "ship_country": string;
          "ship_name": string | null;
          "ship_phone": string | null;
          "ship_postal_code": string | null;
          "status": Database["public"]["Enums"]["order_status"];
          "total_credits": number;
          "tracking_number": string | null;
          "updated_at": string;
          "user_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "cancel_reason"?: string | null;
          "cancellation"?:
            | Database["public"]["Enums"]["order_cancellation"]
            | null;
          "created_at"?: string;
          "id"?: string;
          "idempotency_key": string;
          "ship_address"?: string | null;
          "ship_city"?: string | null;
          "ship_country": string;
          "ship_name"?: string | null;
          "ship_phone"?: string | null;
          "ship_postal_code"?: string | null;
          "status"?: Database["public"]["Enums"]["order_status"];
          "total_credits": number;
          "tracking_number"?: string | null;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Update: {
          "cancel_reason"?: string | null;
          "cancellation"?:
            | Database["public"]["Enums"]["order_cancellation"]
            | null;
          "created_at"?: string;
          "id"?: string;
          "idempotency_key"?: string;
          "ship_address"?: string | null;
          "ship_city"?: string | null;
          "ship_country"?: string;
          "ship_name"?: string | null;
          "ship_phone"?: string | null;
          "ship_postal_code"?: string | null;
          "status"?: Database["public"]["Enums"]["order_status"];
          "total_credits"?: number;
          "tracking_number"?: string | null;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Relationships: [];
      };
      "messages": {
        Row: {
          "attachment_path": string | null;
          "body": string | null;
          "chat_id": string;
          "created_at": string;
          "deleted_at": string | null;
          "edited_at": string | null;
          "id": string;
          "reply_to_id": string | null;
          "sender_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "attachment_path"?: string | null;
          "body"?: string | null;
          "chat_id": string;
          "created_at"?: string;
          "deleted_at"?: string | null;
          "edited_at"?: string | null;
          "id"?: string;
          "reply_to_id"?: string | null;
          "sender_id"?: string | null;
        };
        Update: {
          "attachment_path"?: string | null;
          "body"?: string | null;
          "chat_id"?: string;
          "created_at"?: string;
          "deleted_at"?: string | null;
          "edited_at"?: string | null;
          "id"?: string;
          "reply_to_id"?: string | null;
          "sender_id"?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "messages_chat_id_fkey";
            columns: ["chat_id"];
            isOneToOne: false;
            referencedRelation: "chats";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "messages_reply_to_id_fkey";
            columns: ["reply_to_id"];
            isOneToOne: false;
            referencedRelation: "messages";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "messages_sender_id_fkey";
            columns: ["sender_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "messages_sender_id_fkey";
            columns: ["sender_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "messages_sender_id_fkey";
            columns: ["sender_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "messages_sender_id_fkey";
            columns: ["sender_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "notifications": {
        Row: {
          "created_at": string;
          "id": string;
          "kind": Database["public"]["Enums"]["notification_kind"];
          "payload": NonNullable<Json>;
          "read_at": string | null;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "id"?: string;
          "kind": Database["public"]["Enums"]["notification_kind"];
          "payload"?: NonNullable<Json>;
          "read_at"?: string | null;
          "user_id": string;
        };
        Update: {
          "created_at"?: string;
          "id"?: string;
          "kind"?: Database["public"]["Enums"]["notification_kind"];
          "payload"?: NonNullable<Json>;
          "read_at"?: string | null;
          "user_id"?: string;
        };
        Relationships: [];
      };
      "payment_events": {
        Row: {
          "created_at": string;
          "credits_delta": number;
          "detail": NonNullable<Json>;
          "from_status": Database["public"]["Enums"]["payment_status"] | null;
          "id": number;
          "kind": Database["public"]["Enums"]["payment_event_kind"];
          "occurred_at": string | null;
          "payment_id": string;
          "provider_event_id": string | null;
          "to_status": Database["public"]["Enums"]["payment_status"];
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "credits_delta"?: number;
          "detail"?: NonNullable<Json>;
          "from_status"?: Database["public"]["Enums"]["payment_status"] | null;
          "id"?: never;
          "kind": Database["public"]["Enums"]["payment_event_kind"];
          "occurred_at"?: string | null;
          "payment_id": string;
          "provider_event_id"?: string | null;
          "to_status": Database["public"]["Enums"]["payment_status"];
        };
        Update: {
          "created_at"?: string;
          "credits_delta"?: number;
          "detail"?: NonNullable<Json>;
          "from_status"?: Database["public"]["Enums"]["payment_status"] | null;
          "id"?: never;
          "kind"?: Database["public"]["Enums"]["payment_event_kind"];
          "occurred_at"?: string | null;
          "payment_id"?: string;
          "provider_event_id"?: string | null;
          "to_status"?: Database["public"]["Enums"]["payment_status"];
        };
        Relationships: [
          {
            foreignKeyName: "payment_events_payment_id_fkey";
            columns: ["payment_id"];
            isOneToOne: false;
            referencedRelation: "payments";
            referencedColumns: ["id"];
          },
        ];
      };
      "payments": {
        Row: {
          "amount": number;
          "checkout_reference": string | null;
          "created_at": string;
          "credited_at": string | null;
          "credits": number;
          "credits_reversed": number;
          "currency": string;
          "disputed": boolean;
          "id": string;
          "pack_id": string;
          "provider": Database["public"]["Enums"]["payment_provider"];
          "provider_reference": string | null;
          "refunded_amount": number;
          "status": Database["public"]["Enums"]["payment_status"];
          "test_mode": boolean;
          "updated_at": string;
          "user_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "amount": number;
          "checkout_reference"?: string | null;
          "created_at"?: string;
          "credited_at"?: string | null;
          "credits": number;
          "credits_reversed"?: number;
          "currency": string;
          "disputed"?: boolean;
          "id"?: string;
          "pack_id": string;
          "provider": Database["public"]["Enums"]["payment_provider"];
          "provider_reference"?: string | null;
          "refunded_amount"?: number;
          "status"?: Database["public"]["Enums"]["payment_status"];
          "test_mode"?: boolean;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Update: {
          "amount"?: number;
          "checkout_reference"?: string | null;
          "created_at"?: string;
          "credited_at"?: string | null;
          "credits"?: number;
          "credits_reversed"?: number;
          "currency"?: string;
          "disputed"?: boolean;
          "id"?: string;
          "pack_id"?: string;
          "provider"?: Database["public"]["Enums"]["payment_provider"];
          "provider_reference"?: string | null;
          "refunded_amount"?: number;
          "status"?: Database["public"]["Enums"]["payment_status"];
          "test_mode"?: boolean;
          "updated_at"?: string;
          "user_id"?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "payments_pack_id_fkey";
            columns: ["pack_id"];
            isOneToOne: false;
            referencedRelation: "credit_packs";
            referencedColumns: ["id"];
          },
        ];
      };
      "places": {
        Row: {
          "address": string | null;
          "city": string;
          "created_at": string;
          "id": string;
          "lat": number;
          "lng": number;
          "location": unknown;
          "name": string;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "address"?: string | null;
          "city": string;
          "created_at"?: string;
          "id"?: string;
          "lat": number;
          "lng": number;
          "location": unknown;
          "name": string;
          "updated_at"?: string;
        };
        Update: {
          "address"?: string | null;
          "city"?: string;
          "created_at"?: string;
          "id"?: string;
          "lat"?: number;
          "lng"?: number;
          "location"?: unknown;
          "name"?: string;
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "profiles": {
        Row: {
          "avatar_path": string | null;
          "bio": string | null;
          "city": string | null;
          "created_at": string;
          "display_name": string | null;
          "id": string;
          "locale": Database["public"]["Enums"]["app_locale"];
          "updated_at": string;
          "username": string;
        };
        ComputedFields: never;
        Insert: {
          "avatar_path"?: string | null;
          "bio"?: string | null;
          "city"?: string | null;
          "created_at"?: string;
          "display_name"?: string | null;
          "id": string;
          "locale"?: Database["public"]["Enums"]["app_locale"];
          "updated_at"?: string;
          "username": string;
        };
        Update: {
          "avatar_path"?: string | null;
          "bio"?: string | null;
          "city"?: string | null;
          "created_at"?: string;
          "display_name"?: string | null;
          "id"?: string;
          "locale"?: Database["public"]["Enums"]["app_locale"];
          "updated_at"?: string;
          "username"?: string;
        };
        Relationships: [];
      };
      "push_chat_mutes": {
        Row: {
          "chat_id": string;
          "created_at": string;
          "muted_until": string | null;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "chat_id": string;
          "created_at"?: string;
          "muted_until"?: string | null;
          "user_id": string;
        };
        Update: {
          "chat_id"?: string;
          "created_at"?: string;
          "muted_until"?: string | null;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "push_chat_mutes_chat_id_fkey";
            columns: ["chat_id"];
            isOneToOne: false;
            referencedRelation: "chats";
            referencedColumns: ["id"];
          },
        ];
      };
      "push_devices": {
        Row: {
          "app_version": string | null;
          "created_at": string;
          "id": string;
          "last_seen_at": string;
          "locale": Database["public"]["Enums"]["app_locale"];
          "platform": Database["public"]["Enums"]["push_platform"];
          "token": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "app_version"?: string | null;
          "created_at"?: string;
          "id"?: string;
          "last_seen_at"?: string;
          "locale": Database["public"]["Enums"]["app_locale"];
          "platform": Database["public"]["Enums"]["push_platform"];
          "token": string;
          "user_id": string;
        };
        Update: {
          "app_version"?: string | null;
          "created_at"?: string;
          "id"?: string;
          "last_seen_at"?: string;
          "locale"?: Database["public"]["Enums"]["app_locale"];
          "platform"?: Database["public"]["Enums"]["push_platform"];
          "token"?: string;
          "user_id"?: string;
        };
        Relationships: [];
      };
      "push_preferences": {
        Row: {
          "disabled_kinds": (string)[];
          "message_previews": boolean;
          "quiet_end": string | null;
          "quiet_start": string | null;
          "time_zone": string | null;
          "updated_at": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "disabled_kinds"?: (string)[];
          "message_previews"?: boolean;
          "quiet_end"?: string | null;
          "quiet_start"?: string | null;
          "time_zone"?: string | null;
          "updated_at"?: string;
          "user_id": string;
        };
        Update: {
          "disabled_kinds"?: (string)[];
          "message_previews"?: boolean;
          "quiet_end"?: string | null;
          "quiet_start"?: string | null;
          "time_zone"?: string | null;
          "updated_at"?: string;
          "user_id"?: string;
        };
        Relationships: [];
      };
      "quest_access_grants": {
        Row: {
          "granted_at": string;
          "paid_credits": number;
          "quest_id": string;
          "reference_id": string | null;
          "source": Database["public"]["Enums"]["quest_access_source"];
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "granted_at"?: string;
          "paid_credits"?: number;
          "quest_id": string;
          "reference_id"?: string | null;
          "source": Database["public"]["Enums"]["quest_access_source"];
          "user_id": string;
        };
        Update: {
          "granted_at"?: string;
          "paid_credits"?: number;
          "quest_id"?: string;
          "reference_id"?: string | null;
          "source"?: Database["public"]["Enums"]["quest_access_source"];
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "quest_access_grants_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
        ];
      };
      "quest_activities": {
        Row: {
          "activity_id": string;
          "quest_id": string;
        };
        ComputedFields: never;
        Insert: {
          "activity_id": string;
          "quest_id": string;
        };
        Update: {
          "activity_id"?: string;
          "quest_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "quest_activities_activity_id_fkey";
            columns: ["activity_id"];
            isOneToOne: false;
            referencedRelation: "activities";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_activities_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
        ];
      };
      "quest_leaderboard": {
        Row: {
          "achieved_at": string;
          "best_duration_s": number;
          "best_score": number;
          "quest_id": string;
          "run_id": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "achieved_at": string;
          "best_duration_s": number;
          "best_score": number;
          "quest_id": string;
          "run_id": string;
          "user_id": string;
        };
        Update: {
          "achieved_at"?: string;
          "best_duration_s"?: number;
          "best_score"?: number;
          "quest_id"?: string;
          "run_id"?: string;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "quest_leaderboard_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_leaderboard_run_id_fkey";
            columns: ["run_id"];
            isOneToOne: false;
            referencedRelation: "quest_runs";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_leaderboard_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_leaderboard_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_leaderboard_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_leaderboard_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "quest_points": {
        Row: {
          "created_at": string;
          "description": string;
          "hint_cost": number;
          "hint_delay_s": number | null;
          "id": string;
          "lat": number;
          "lng": number;
          "location": unknown;
          "media_path": string | null;
          "position": number;
          "quest_id": string;
          "radius_m": number;
          "requires_first_try": boolean;
          "requires_point_id": string | null;
          "task_type": Database["public"]["Enums"]["point_task_type"];
          "time_limit_s": number | null;
          "title": string;
          "updated_at": string;
          "has_hint": boolean | null;
        };
        ComputedFields: "has_hint";
        Insert: {
          "created_at"?: string;
          "description"?: string;
          "hint_cost"?: number;
          "hint_delay_s"?: number | null;
          "id"?: string;
          "lat": number;
          "lng": number;
          "location": unknown;
          "media_path"?: string | null;
          "position": number;
          "quest_id": string;
          "radius_m"?: number;
          "requires_first_try"?: boolean;
          "requires_point_id"?: string | null;
          "task_type"?: Database["public"]["Enums"]["point_task_type"];
          "time_limit_s"?: number | null;
          "title": string;
          "updated_at"?: string;
        };
        Update: {
          "created_at"?: string;
          "description"?: string;
          "hint_cost"?: number;
          "hint_delay_s"?: number | null;
          "id"?: string;
          "lat"?: number;
          "lng"?: number;
          "location"?: unknown;
          "media_path"?: string | null;
          "position"?: number;
          "quest_id"?: string;
          "radius_m"?: number;
          "requires_first_try"?: boolean;
          "requires_point_id"?: string | null;
          "task_type"?: Database["public"]["Enums"]["point_task_type"];
          "time_limit_s"?: number | null;
          "title"?: string;
          "updated_at"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "quest_points_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_points_requires_point_id_fkey";
            columns: ["requires_point_id"];
            isOneToOne: false;
            referencedRelation: "quest_points";
            referencedColumns: ["id"];
          },
        ];
      };
      "quest_runs": {
        Row: {
          "deadline_at": string | null;
          "duration_s": number | null;
          "event_id": string | null;
          "finished_at": string | null;
          "flag_reason": string | null;
          "flagged_at": string | null;
          "hints_used": number;
          "id": string;
          "implausible_attempts": number;
          "next_position": number;
          "points_done": number;
          "points_total": number;
          "practice": boolean;
          "quest_id": string;
          "review_note": string | null;
          "review_state":
            | Database["public"]["Enums"]["run_review_state"]
            | null;
          "reviewed_at": string | null;
          "reward_credits": number;
          "score": number;
          "start_position": number | null;
          "started_at": string;
          "started_by": string | null;
          "status": Database["public"]["Enums"]["run_status"];
          "team_id": string | null;
          "time_bonus": number;
          "user_id": string | null;
        };
        ComputedFields: never;
        Insert: {
          "deadline_at"?: string | null;
          "duration_s"?: never;
          "event_id"?: string | null;
          "finished_at"?: string | null;
          "flag_reason"?: string | null;
          "flagged_at"?: string | null;
          "hints_used"?: number;
          "id"?: string;
          "implausible_attempts"?: number;
          "next_position"?: number;
          "points_done"?: number;
          "points_total": number;
          "practice"?: boolean;
          "quest_id": string;
          "review_note"?: string | null;
          "review_state"?:
            | Database["public"]["Enums"]["run_review_state"]
            | null;
          "reviewed_at"?: string | null;
          "reward_credits"?: number;
          "score"?: number;
          "start_position"?: number | null;
          "started_at"?: string;
          "started_by"?: string | null;
          "status"?: Database["public"]["Enums"]["run_status"];
          "team_id"?: string | null;
          "time_bonus"?: number;
          "user_id"?: string | null;
        };
        Update: {
          "deadline_at"?: string | null;
          "duration_s"?: never;
          "event_id"?: string | null;
          "finished_at"?: string | null;
          "flag_reason"?: string | null;
          "flagged_at"?: string | null;
          "hints_used"?: number;
          "id"?: string;
          "implausible_attempts"?: number;
          "next_position"?: number;
          "points_done"?: number;
          "points_total"?: number;
          "practice"?: boolean;
          "quest_id"?: string;
          "review_note"?: string | null;
          "review_state"?:
            | Database["public"]["Enums"]["run_review_state"]
            | null;
          "reviewed_at"?: string | null;
          "reward_credits"?: number;
          "score"?: number;
          "start_position"?: number | null;
          "started_at"?: string;
          "started_by"?: string | null;
          "status"?: Database["public"]["Enums"]["run_status"];
          "team_id"?: string | null;
          "time_bonus"?: number;
          "user_id"?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "quest_runs_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_runs_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_runs_started_by_fkey";
            columns: ["started_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_runs_started_by_fkey";
            columns: ["started_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_runs_started_by_fkey";
            columns: ["started_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_runs_started_by_fkey";
            columns: ["started_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_runs_team_id_fkey";
            columns: ["team_id"];
            isOneToOne: false;
            referencedRelation: "teams";
            referencedColumns: ["id"];
          },
        ];
      };
      "quest_tools": {
        Row: {
          "quest_id": string;
          "tool_id": string;
        };
        ComputedFields: never;
        Insert: {
          "quest_id": string;
          "tool_id": string;
        };
        Update: {
          "quest_id"?: string;
          "tool_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "quest_tools_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quest_tools_tool_id_fkey";
            columns: ["tool_id"];
            isOneToOne: false;
            referencedRelation: "tools";
            referencedColumns: ["id"];
          },
        ];
      };
      "quests": {
        Row: {
          "access": Database["public"]["Enums"]["quest_access"];
          "activity_ids": (string)[];
          "author_id": string | null;
          "category_id": string | null;
          "city": string;
          "cover_path": string | null;
          "created_at": string;
          "description": string;
          "difficulty": number;
          "distance_m": number;
          "duration_min": number;
          "favourites_count": number;
          "id": string;
          "min_age": number;
          "place_id": string | null;
          "price_credits": number;
          "published_at": string | null;
          "rating_avg": number;
          "rating_count": number;
          "review_note": string | null;
          "reward_credits": number;
          "score_per_point": number;
          "search_document": unknown;
          "slug": string;
          "stage_order": Database["public"]["Enums"]["stage_order"];
          "start_location": unknown;
          "status": Database["public"]["Enums"]["quest_status"];
          "submitted_at": string | null;
          "summary": string;
          "time_bonus_per_min": number;
          "time_limit_s": number | null;
          "title": string;
          "updated_at": string;
          "vehicle_id": string | null;
          "wrong_answer_penalty": number;
          "lat": number | null;
          "lng": number | null;
        };
        ComputedFields: "lat" | "lng";
        Insert: {
          "access"?: Database["public"]["Enums"]["quest_access"];
          "activity_ids"?: (string)[];
          "author_id"?: string | null;
          "category_id"?: string | null;
          "city": string;
          "cover_path"?: string | null;
          "created_at"?: string;
          "description"?: string;
          "difficulty"?: number;
          "distance_m"?: number;
          "duration_min"?: number;
          "favourites_count"?: number;
          "id"?: string;
          "min_age"?: number;
          "place_id"?: string | null;
          "price_credits"?: number;
          "published_at"?: string | null;
          "rating_avg"?: number;
          "rating_count"?: number;
          "review_note"?: string | null;
          "reward_credits"?: number;
          "score_per_point"?: number;
          "search_document"?: never;
          "slug": string;
          "stage_order"?: Database["public"]["Enums"]["stage_order"];
          "start_location"?: unknown;
          "status"?: Database["public"]["Enums"]["quest_status"];
          "submitted_at"?: string | null;
          "summary"?: string;
          "time_bonus_per_min"?: number;
          "time_limit_s"?: number | null;
          "title": string;
          "updated_at"?: string;
          "vehicle_id"?: string | null;
          "wrong_answer_penalty"?: number;
        };
        Update: {
          "access"?: Database["public"]["Enums"]["quest_access"];
          "activity_ids"?: (string)[];
          "author_id"?: string | null;
          "category_id"?: string | null;
          "city"?: string;
          "cover_path"?: string | null;
          "created_at"?: string;
          "description"?: string;
          "difficulty"?: number;
          "distance_m"?: number;
          "duration_min"?: number;
          "favourites_count"?: number;
          "id"?: string;
          "min_age"?: number;
          "place_id"?: string | null;
          "price_credits"?: number;
          "published_at"?: string | null;
          "rating_avg"?: number;
          "rating_count"?: number;
          "review_note"?: string | null;
          "reward_credits"?: number;
          "score_per_point"?: number;
          "search_document"?: never;
          "slug"?: string;
          "stage_order"?: Database["public"]["Enums"]["stage_order"];
          "start_location"?: unknown;
          "status"?: Database["public"]["Enums"]["quest_status"];
          "submitted_at"?: string | null;
          "summary"?: string;
          "time_bonus_per_min"?: number;
          "time_limit_s"?: number | null;
          "title"?: string;
          "updated_at"?: string;
          "vehicle_id"?: string | null;
          "wrong_answer_penalty"?: number;
        };
        Relationships: [
          {
            foreignKeyName: "quests_author_id_fkey";
            columns: ["author_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quests_author_id_fkey";
            columns: ["author_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quests_author_id_fkey";
            columns: ["author_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quests_author_id_fkey";
            columns: ["author_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quests_category_id_fkey";
            columns: ["category_id"];
            isOneToOne: false;
            referencedRelation: "categories";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quests_place_id_fkey";
            columns: ["place_id"];
            isOneToOne: false;
            referencedRelation: "places";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "quests_vehicle_id_fkey";
            columns: ["vehicle_id"];
            isOneToOne: false;
            referencedRelation: "vehicles";
            referencedColumns: ["id"];
          },
        ];
      };
      "review_responses": {
        Row: {
          "body": string;
          "created_at": string;
          "id": string;
          "responder_role": Database["public"]["Enums"]["app_role"];
          "review_id": string;
        };
        ComputedFields: never;
        Insert: {
          "body": string;
          "created_at"?: string;
          "id"?: string;
          "responder_role": Database["public"]["Enums"]["app_role"];
          "review_id": string;
        };
        Update: {
          "body"?: string;
          "created_at"?: string;
          "id"?: string;
          "responder_role"?: Database["public"]["Enums"]["app_role"];
          "review_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "review_responses_review_id_fkey";
            columns: ["review_id"];
            isOneToOne: true;
            referencedRelation: "reviews";
            referencedColumns: ["id"];
          },
        ];
      };
      "reviews": {
        Row: {
          "author_id": string | null;
          "body": string;
          "created_at": string;
          "hidden_at": string | null;
          "hidden_reason": string | null;
          "id": string;
          "quest_id": string;
          "rating": number;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "author_id"?: string | null;
          "body"?: string;
          "created_at"?: string;
          "hidden_at"?: string | null;
          "hidden_reason"?: string | null;
          "id"?: string;
          "quest_id": string;
          "rating": number;
          "updated_at"?: string;
        };
        Update: {
          "author_id"?: string | null;
          "body"?: string;
          "created_at"?: string;
          "hidden_at"?: string | null;
          "hidden_reason"?: string | null;
          "id"?: string;
          "quest_id"?: string;
          "rating"?: number;
          "updated_at"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "reviews_author_id_fkey";
            columns: ["author_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "reviews_author_id_fkey";
            columns: ["author_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "reviews_author_id_fkey";
            columns: ["author_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "reviews_author_id_fkey";
            columns: ["author_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "reviews_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
        ];
      };
      "role_permissions": {
        Row: {
          "permission": Database["public"]["Enums"]["app_permission"];
          "role": Database["public"]["Enums"]["app_role"];
        };
        ComputedFields: never;
        Insert: {
          "permission": Database["public"]["Enums"]["app_permission"];
          "role": Database["public"]["Enums"]["app_role"];
        };
        Update: {
          "permission"?: Database["public"]["Enums"]["app_permission"];
          "role"?: Database["public"]["Enums"]["app_role"];
        };
        Relationships: [];
      };
      "run_checkins": {
        Row: {
          "accepted": boolean;
          "accuracy_m": number;
          "attempted_at": string;
          "attempted_by": string | null;
          "created_at": string;
          "distance_m": number;
          "id": number;
          "lat": number | null;
          "lng": number | null;
          "point_id": string;
          "position": number;
          "refusal": string | null;
          "run_id": string;
          "score_delta": number;
          "travel_speed_kmh": number | null;
        };
        ComputedFields: never;
        Insert: {
          "accepted": boolean;
          "accuracy_m": number;
          "attempted_at"?: string;
          "attempted_by"?: string | null;
          "created_at"?: string;
          "distance_m": number;
          "id"?: never;
          "lat"?: number | null;
          "lng"?: number | null;
          "point_id": string;
          "position": number;
          "refusal"?: string | null;
          "run_id": string;
          "score_delta"?: number;
          "travel_speed_kmh"?: number | null;
        };
        Update: {
          "accepted"?: boolean;
          "accuracy_m"?: number;
          "attempted_at"?: string;
          "attempted_by"?: string | null;
          "created_at"?: string;
          "distance_m"?: number;
          "id"?: never;
          "lat"?: number | null;
          "lng"?: number | null;
          "point_id"?: string;
          "position"?: number;
          "refusal"?: string | null;
          "run_id"?: string;
          "score_delta"?: number;
          "travel_speed_kmh"?: number | null;
        };
        Relationships: [
          {
            foreignKeyName: "run_checkins_attempted_by_fkey";
            columns: ["attempted_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_checkins_attempted_by_fkey";
            columns: ["attempted_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_checkins_attempted_by_fkey";
            columns: ["attempted_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_checkins_attempted_by_fkey";
            columns: ["attempted_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_checkins_point_id_fkey";
            columns: ["point_id"];
            isOneToOne: false;
            referencedRelation: "quest_points";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_checkins_run_id_fkey";
            columns: ["run_id"];
            isOneToOne: false;
            referencedRelation: "quest_runs";
            referencedColumns: ["id"];
          },
        ];
      };
      "run_hints": {
        Row: {
          "cost": number;
          "point_id": string;
          "run_id": string;
          "taken_at": string;
          "taken_by": string | null;
        };
        ComputedFields: never;
        Insert: {
          "cost": number;
          "point_id": string;
          "run_id": string;
          "taken_at"?: string;
          "taken_by"?: string | null;
        };
        Update: {
          "cost"?: number;
          "point_id"?: string;
          "run_id"?: string;
          "taken_at"?: string;
          "taken_by"?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "run_hints_point_id_fkey";
            columns: ["point_id"];
            isOneToOne: false;
            referencedRelation: "quest_points";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_hints_run_id_fkey";
            columns: ["run_id"];
            isOneToOne: false;
            referencedRelation: "quest_runs";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_hints_taken_by_fkey";
            columns: ["taken_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_hints_taken_by_fkey";
            columns: ["taken_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_hints_taken_by_fkey";
            columns: ["taken_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "run_hints_taken_by_fkey";
            columns: ["taken_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "team_invitations": {
        Row: {
          "created_at": string;
          "invited_by": string | null;
          "team_id": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "invited_by"?: string | null;
          "team_id": string;
          "user_id": string;
        };
        Update: {
          "created_at"?: string;
          "invited_by"?: string | null;
          "team_id"?: string;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "team_invitations_invited_by_fkey";
            columns: ["invited_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_invitations_invited_by_fkey";
            columns: ["invited_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_invitations_invited_by_fkey";
            columns: ["invited_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_invitations_invited_by_fkey";
            columns: ["invited_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_invitations_team_id_fkey";
            columns: ["team_id"];
            isOneToOne: false;
            referencedRelation: "teams";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_invitations_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_invitations_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_invitations_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_invitations_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "team_members": {
        Row: {
          "joined_at": string;
          "role": Database["public"]["Enums"]["team_role"];
          "team_id": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "joined_at"?: string;
          "role"?: Database["public"]["Enums"]["team_role"];
          "team_id": string;
          "user_id": string;
        };
        Update: {
          "joined_at"?: string;
          "role"?: Database["public"]["Enums"]["team_role"];
          "team_id"?: string;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "team_members_team_id_fkey";
            columns: ["team_id"];
            isOneToOne: false;
            referencedRelation: "teams";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "team_positions": {
        Row: {
          "accuracy_m": number;
          "event_id": string;
          "id": number;
          "lat": number;
          "lng": number;
          "recorded_at": string;
          "reported_by": string | null;
          "team_id": string;
        };
        ComputedFields: never;
        Insert: {
          "accuracy_m": number;
          "event_id": string;
          "id"?: never;
          "lat": number;
          "lng": number;
          "recorded_at"?: string;
          "reported_by"?: string | null;
          "team_id": string;
        };
        Update: {
          "accuracy_m"?: number;
          "event_id"?: string;
          "id"?: never;
          "lat"?: number;
          "lng"?: number;
          "recorded_at"?: string;
          "reported_by"?: string | null;
          "team_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "team_positions_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "events";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_positions_reported_by_fkey";
            columns: ["reported_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_positions_reported_by_fkey";
            columns: ["reported_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_positions_reported_by_fkey";
            columns: ["reported_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_positions_reported_by_fkey";
            columns: ["reported_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_positions_team_id_fkey";
            columns: ["team_id"];
            isOneToOne: false;
            referencedRelation: "teams";
            referencedColumns: ["id"];
          },
        ];
      };
      "team_run_members": {
        Row: {
          "joined_at": string;
          "reward_credits": number;
          "run_id": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "joined_at"?: string;
          "reward_credits"?: number;
          "run_id": string;
          "user_id": string;
        };
        Update: {
          "joined_at"?: string;
          "reward_credits"?: number;
          "run_id"?: string;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "team_run_members_run_id_fkey";
            columns: ["run_id"];
            isOneToOne: false;
            referencedRelation: "quest_runs";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_run_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_run_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_run_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "team_run_members_user_id_fkey";
            columns: ["user_id"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "teams": {
        Row: {
          "chat_id": string | null;
          "created_at": string;
          "created_by": string | null;
          "disbanded_at": string | null;
          "id": string;
          "join_code": string | null;
          "max_members": number;
          "name": string;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "chat_id"?: string | null;
          "created_at"?: string;
          "created_by"?: string | null;
          "disbanded_at"?: string | null;
          "id"?: string;
          "join_code"?: string | null;
          "max_members"?: number;
          "name": string;
          "updated_at"?: string;
        };
        Update: {
          "chat_id"?: string | null;
          "created_at"?: string;
          "created_by"?: string | null;
          "disbanded_at"?: string | null;
          "id"?: string;
          "join_code"?: string | null;
          "max_members"?: number;
          "name"?: string;
          "updated_at"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "teams_chat_id_fkey";
            columns: ["chat_id"];
            isOneToOne: false;
            referencedRelation: "chats";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "teams_created_by_fkey";
            columns: ["created_by"];
            isOneToOne: false;
            referencedRelation: "my_profile";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "teams_created_by_fkey";
            columns: ["created_by"];
            isOneToOne: false;
            referencedRelation: "profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "teams_created_by_fkey";
            columns: ["created_by"];
            isOneToOne: false;
            referencedRelation: "public_profiles";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "teams_created_by_fkey";
            columns: ["created_by"];
            isOneToOne: false;
            referencedRelation: "staff_user_overview";
            referencedColumns: ["id"];
          },
        ];
      };
      "tools": {
        Row: {
          "created_at": string;
          "icon": string | null;
          "id": string;
          "name_en": string;
          "name_ru": string;
          "slug": string;
          "sort_order": number;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "icon"?: string | null;
          "id"?: string;
          "name_en": string;
          "name_ru": string;
          "slug": string;
          "sort_order"?: number;
          "updated_at"?: string;
        };
        Update: {
          "created_at"?: string;
          "icon"?: string | null;
          "id"?: string;
          "name_en"?: string;
          "name_ru"?: string;
          "slug"?: string;
          "sort_order"?: number;
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "unlock_requests": {
        Row: {
          "created_at": string;
          "decided_at": string | null;
          "decision_reason": string | null;
          "id": string;
          "message": string | null;
          "price_credits": number;
          "quest_id": string;
          "status": Database["public"]["Enums"]["unlock_request_status"];
          "updated_at": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "decided_at"?: string | null;
          "decision_reason"?: string | null;
          "id"?: string;
          "message"?: string | null;
          "price_credits"?: number;
          "quest_id": string;
          "status"?: Database["public"]["Enums"]["unlock_request_status"];
          "updated_at"?: string;
          "user_id": string;
        };
        Update: {
          "created_at"?: string;
          "decided_at"?: string | null;
          "decision_reason"?: string | null;
          "id"?: string;
          "message"?: string | null;
          "price_credits"?: number;
          "quest_id"?: string;
          "status"?: Database["public"]["Enums"]["unlock_request_status"];
          "updated_at"?: string;
          "user_id"?: string;
        };
        Relationships: [
          {
            foreignKeyName: "unlock_requests_quest_id_fkey";
            columns: ["quest_id"];
            isOneToOne: false;
            referencedRelation: "quests";
            referencedColumns: ["id"];
          },
        ];
      };
      "user_bans": {
        Row: {
          "banned_at": string;
          "banned_by": string | null;
          "banned_until": string | null;
          "id": string;
          "lift_reason": string | null;
          "lifted_at": string | null;
          "lifted_by": string | null;
          "reason": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "banned_at"?: string;
          "banned_by"?: string | null;
          "banned_until"?: string | null;
          "id"?: string;
          "lift_reason"?: string | null;
          "lifted_at"?: string | null;
          "lifted_by"?: string | null;
          "reason": string;
          "user_id": string;
        };
        Update: {
          "banned_at"?: string;
          "banned_by"?: string | null;
          "banned_until"?: string | null;
          "id"?: string;
          "lift_reason"?: string | null;
          "lifted_at"?: string | null;
          "lifted_by"?: string | null;
          "reason"?: string;
          "user_id"?: string;
        };
        Relationships: [];
      };
      "user_roles": {
        Row: {
          "granted_at": string;
          "granted_by": string | null;
          "id": number;
          "role": Database["public"]["Enums"]["app_role"];
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "granted_at"?: string;
          "granted_by"?: string | null;
          "id"?: never;
          "role": Database["public"]["Enums"]["app_role"];
          "user_id": string;
        };
        Update: {
          "granted_at"?: string;
          "granted_by"?: string | null;
          "id"?: never;
          "role"?: Database["public"]["Enums"]["app_role"];
          "user_id"?: string;
        };
        Relationships: [];
      };
      "vehicles": {
        Row: {
          "created_at": string;
          "icon": string | null;
          "id": string;
          "name_en": string;
          "name_ru": string;
          "slug": string;
          "sort_order": number;
          "updated_at": string;
        };
        ComputedFields: never;
        Insert: {
          "created_at"?: string;
          "icon"?: string | null;
          "id"?: string;
          "name_en": string;
          "name_ru": string;
          "slug": string;
          "sort_order"?: number;
          "updated_at"?: string;
        };
        Update: {
          "created_at"?: string;
          "icon"?: string | null;
          "id"?: string;
          "name_en"?: string;
          "name_ru"?: string;
          "slug"?: string;
          "sort_order"?: number;
          "updated_at"?: string;
        };
        Relationships: [];
      };
      "wallets": {
        Row: {
          "balance": number;
          "updated_at": string;
          "user_id": string;
        };
        ComputedFields: never;
        Insert: {
          "balance"?: number;
          "updated_at"?: string;
          "user_id": string;
        };
        Update: {
          "balance"?: number;
          "updated_at"?: string;
          "user_id"?: string;
        };
        Relationships: [];
      };
    };
    Views: {
      "active_bans": {
        Row: {
          "banned_at": string;
          "banned_by": string | null;
          "banned_until": string | null;
          "id": string;
          "reason": string;
          "user_id": string;
          "username": string;
        };
        ComputedFields: never;
        Relationships: [];
      };
      "merch_order_details": {
        Row: {
          "buyer_username": string | null;
          "cancel_reason": string | null;
          "cancellation":
            | Database["public"]["Enums"]["order_cancellation"]
            | null;
          "created_at": string;
          "expires_at": string | null;
          "id": string;
          "items": Json | null;
          "ship_address": string | null;
          "ship_city": string | null;
          "ship_country": string;
          "ship_name": string | null;
          "ship_phone": string | null;
          "ship_postal_code": string | null;
          "status": Database["public"]["Enums"]["order_status"];
          "total_credits": number;
          "tracking_number": string | null;
          "updated_at": string;
          "user_id": string | null;
        };
        ComputedFields: never;
        Relationships: [];
      };
      "my_bans": {
        Row: {
          "banned_at": string | null;
          "banned_until": string | null;
          "id": string | null;
          "in_force": boolean | null;
          "lifted_at": string | null;
          "reason": string | null;
        };
        ComputedFields: never;
        Relationships: [];
      };
      "my_profile": {
        Row: {
          "avatar_path": string | null;
          "balance": number | null;
          "ban_reason": string | null;
          "banned": boolean | null;
          "banned_until": string | null;
          "best_city": string | null;
          "best_city_rank": number | null;
          "best_city_score": number | null;
          "bio": string | null;
          "city": string | null;
          "created_at": string;
          "display_name": string | null;
          "id": string;
          "locale": Database["public"]["Enums"]["app_locale"];
          "permissions":
            | (Database["public"]["Enums"]["app_permission"])[]
            | null;
          "quests_completed": number | null;
          "roles": (Database["public"]["Enums"]["app_role"])[] | null;
          "runs_completed": number | null;
          "total_score": number | null;
          "updated_at": string;
          "username": string;
        };
        ComputedFields: never;
        Relationships: [];
      };
      "my_roles": {
        Row: {
          "granted_at": string;
          "role": Database["public"]["Enums"]["app_role"];
        };
        ComputedFields: never;
        Insert: {
          "granted_at"?: string | null;
          "role"?: Database["public"]["Enums"]["app_role"] | null;
        };
        Update: {
          "granted_at"?: string | null;
          "role"?: Database["public"]["Enums"]["app_role"] | null;
        };
        Relationships: [];
      };
      "public_profiles": {
        Row: {
          "avatar_path": string | null;
          "display_name": string | null;
          "id": string;
          "username": string;
        };
        ComputedFields: never;
        Insert: {
          "avatar_path"?: string | null;
          "display_name"?: string | null;
          "id"?: string | null;
          "username"?: string | null;
        };
        Update: {
          "avatar_path"?: string | null;
          "display_name"?: string | null;
          "id"?: string | null;
          "username"?: string | null;
        };
        Relationships: [];
      };
      "quest_cities": {
        Row: {
          "city": string;
          "quest_count": number | null;
        };
        ComputedFields: never;
        Relationships: [];
      };
      "staff_user_overview": {
        Row: {
          "ban_id": string | null;
          "ban_reason": string | null;
          "banned_at": string | null;
          "banned_by": string | null;
          "banned_until": string | null;
          "bans_total": number | null;
          "city": string | null;
          "created_at": string;
          "display_name": string | null;
          "id": string;
          "roles": (Database["public"]["Enums"]["app_role"])[] | null;
          "username": string;
        };
        ComputedFields: never;
        Relationships: [];
      };
    };
    Functions: {
      "abandon_run": {
        Args: { "run_id": string };
        Returns: {
          "deadline_at": string | null;
          "duration_s": number | null;
          "event_id": string | null;
          "finished_at": string | null;
          "flag_reason": string | null;
          "flagged_at": string | null;
          "hints_used": number;
          "id": string;
          "implausible_attempts": number;
          "next_position": number;
          "points_done": number;
          "points_total": number;
          "practice": boolean;
          "quest_id": string;
          "review_note": string | null;
          "review_state":
            | Database["public"]["Enums"]["run_review_state"]
            | null;
          "reviewed_at": string | null;
          "reward_credits": number;
          "score": number;
          "start_position": number | null;
          "started_at": string;
          "started_by": string | null;
          "status": Database["public"]["Enums"]["run_status"];
          "team_id": string | null;
          "time_bonus": number;
          "user_id": string | null;
        };
        SetofOptions: {
          from: "*";
          to: "quest_runs";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "accept_friend_request": {
        Args: { "request_id": string };
        Returns: {
          "created_at": string;
          "id": string;
          "receiver_id": string;
          "responded_at": string | null;
          "sender_id": string;
          "status": Database["public"]["Enums"]["friend_request_status"];
        };
        SetofOptions: {
          from: "*";
          to: "friend_requests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "accept_team_invite": {
        Args: { "team_id": string };
        Returns: {
          "chat_id": string | null;
          "created_at": string;
          "created_by": string | null;
          "disbanded_at": string | null;
          "id": string;
          "join_code": string | null;
          "max_members": number;
          "name": string;
          "updated_at": string;
        };
        SetofOptions: {
          from: "*";
          to: "teams";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "add_chat_member": {
        Args: { "chat_id": string; "user_id": string };
        Returns: undefined;
      };
      "add_game_master": {
        Args: { "event_id": string; "user_id": string };
        Returns: undefined;
      };
      "adjust_team_score": {
        Args: {
          "amount": number;
          "event_id": string;
          "reason": string;
          "team_id": string;
        };
        Returns: Json;
      };
      "archive_quest": {
        Args: { "quest_id": string; "reason": string };
        Returns: {
          "access": Database["public"]["Enums"]["quest_access"];
          "activity_ids": (string)[];
          "author_id": string | null;
          "category_id": string | null;
          "city": string;
          "cover_path": string | null;
          "created_at": string;
          "description": string;
          "difficulty": number;
          "distance_m": number;
          "duration_min": number;
          "favourites_count": number;
          "id": string;
          "min_age": number;
          "place_id": string | null;
          "price_credits": number;
          "published_at": string | null;
          "rating_avg": number;
          "rating_count": number;
          "review_note": string | null;
          "reward_credits": number;
          "score_per_point": number;
          "search_document": unknown;
          "slug": string;
          "stage_order": Database["public"]["Enums"]["stage_order"];
          "start_location": unknown;
          "status": Database["public"]["Enums"]["quest_status"];
          "submitted_at": string | null;
          "summary": string;
          "time_bonus_per_min": number;
          "time_limit_s": number | null;
          "title": string;
          "updated_at": string;
          "vehicle_id": string | null;
          "wrong_answer_penalty": number;
        };
        SetofOptions: {
          from: "*";
          to: "quests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "ban_user": {
        Args: { "duration"?: string; "reason": string; "target_user": string };
        Returns: string;
      };
      "block_user": { Args: { "user_id": string }; Returns: undefined };
      "buy_quest_access": { Args: { "quest_id": string }; Returns: Json };
      "cancel_friend_request": {
        Args: { "request_id": string };
        Returns: {
          "created_at": string;
          "id": string;
          "receiver_id": string;
          "responded_at": string | null;
          "sender_id": string;
          "status": Database["public"]["Enums"]["friend_request_status"];
        };
        SetofOptions: {
          from: "*";
          to: "friend_requests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "cancel_merch_order": {
        Args: { "order_id": string; "reason"?: string };
        Returns: {
          "buyer_username": string | null;
          "cancel_reason": string | null;
          "cancellation":
            | Database["public"]["Enums"]["order_cancellation"]
            | null;
          "created_at": string;
          "expires_at": string | null;
          "id": string;
          "items": Json | null;
          "ship_address": string | null;
          "ship_city": string | null;
          "ship_country": string;
          "ship_name": string | null;
          "ship_phone": string | null;
          "ship_postal_code": string | null;
          "status": Database["public"]["Enums"]["order_status"];
          "total_credits": number;
          "tracking_number": string | null;
          "updated_at": string;
          "user_id": string | null;
        };
        SetofOptions: {
          from: "*";
          to: "merch_order_details";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "cancel_unlock_request": {
        Args: { "request_id": string };
        Returns: {
          "created_at": string;
          "decided_at": string | null;
          "decision_reason": string | null;
          "id": string;
          "message": string | null;
          "price_credits": number;
          "quest_id": string;
          "status": Database["public"]["Enums"]["unlock_request_status"];
          "updated_at": string;
          "user_id": string;
        };
        SetofOptions: {
          from: "*";
          to: "unlock_requests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "chat_list": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "chat_messages": {
        Args: { "after"?: Json; "chat_id": string; "page_size"?: number };
        Returns: Json;
      };
      "check_in": {
        Args: {
          "accuracy_m": number;
          "answer"?: string;
          "lat": number;
          "lng": number;
          "point_id"?: string;
          "qr_payload"?: string;
          "run_id": string;
        };
        Returns: Json;
      };
      "city_ranking": {
        Args: { "after"?: Json; "city": string; "page_size"?: number };
        Returns: Json;
      };
      "create_group_chat": {
        Args: { "member_ids"?: (string)[]; "title": string };
        Returns: string;
      };
      "create_team": {
        Args: { "max_members"?: number; "name": string };
        Returns: {
          "chat_id": string | null;
          "created_at": string;
          "created_by": string | null;
          "disbanded_at": string | null;
          "id": string;
          "join_code": string | null;
          "max_members": number;
          "name": string;
          "updated_at": string;
        };
        SetofOptions: {
          from: "*";
          to: "teams";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "custom_access_token_hook": { Args: { "event": Json }; Returns: Json };
      "decide_unlock_request": {
        Args: { "approve": boolean; "reason"?: string; "request_id": string };
        Returns: {
          "created_at": string;
          "decided_at": string | null;
          "decision_reason": string | null;
          "id": string;
          "message": string | null;
          "price_credits": number;
          "quest_id": string;
          "status": Database["public"]["Enums"]["unlock_request_status"];
          "updated_at": string;
          "user_id": string;
        };
        SetofOptions: {
          from: "*";
          to: "unlock_requests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "decline_friend_request": {
        Args: { "request_id": string };
        Returns: {
          "created_at": string;
          "id": string;
          "receiver_id": string;
          "responded_at": string | null;
          "sender_id": string;
          "status": Database["public"]["Enums"]["friend_request_status"];
        };
        SetofOptions: {
          from: "*";
          to: "friend_requests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "decline_team_invite": {
        Args: { "team_id": string };
        Returns: undefined;
      };
      "delete_message": {
        Args: { "message_id": string; "reason"?: string };
        Returns: undefined;
      };
      "disband_team": { Args: { "team_id": string }; Returns: undefined };
      "disqualify_team": {
        Args: { "event_id": string; "reason": string; "team_id": string };
        Returns: undefined;
      };
      "end_event": { Args: { "event_id": string }; Returns: Json };
      "event_activity": {
        Args: { "after"?: Json; "event_id": string; "page_size"?: number };
        Returns: Json;
      };
      "event_by_code": { Args: { "join_code": string }; Returns: Json };
      "event_detail": { Args: { "event_id": string }; Returns: Json };
      "event_leaderboard": {
        Args: { "after"?: Json; "event_id": string; "page_size"?: number };
        Returns: Json;
      };
      "event_overview": {
        Args: { "after"?: Json; "event_id": string; "page_size"?: number };
        Returns: Json;
      };
      "flagged_runs": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "friends_overview": { Args: Record<PropertyKey, never>; Returns: Json };
      "grant_credits": {
        Args: { "amount": number; "reason": string; "target_user": string };
        Returns: number;
      };
      "grant_hint": {
        Args: { "event_id": string; "point_id"?: string; "team_id": string };
        Returns: Json;
      };
      "grant_role": {
        Args: {
          "reason": string;
          "role": Database["public"]["Enums"]["app_role"];
          "target_user": string;
        };
        Returns: undefined;
      };
      "has_hint": {
        Args: { "": Database["public"]["Tables"]["quest_points"]["Row"] };
        Returns:
          & { error: true }
          & "the function public.has_hint with parameter or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache";
      };
      "hide_review": {
        Args: { "reason": string; "review_id": string };
        Returns: {
          "author_id": string | null;
          "body": string;
          "created_at": string;
          "hidden_at": string | null;
          "hidden_reason": string | null;
          "id": string;
          "quest_id": string;
          "rating": number;
          "updated_at": string;
        };
        SetofOptions: {
          from: "*";
          to: "reviews";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "invite_to_team": {
        Args: { "team_id": string; "user_id": string };
        Returns: undefined;
      };
      "join_team": { Args: { "join_code": string }; Returns: Json };
      "lat": {
        Args: { "": Database["public"]["Tables"]["quests"]["Row"] };
        Returns:
          & { error: true }
          & "the function public.lat with parameter or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache";
      };
      "leave_chat": { Args: { "chat_id": string }; Returns: undefined };
      "leave_team": { Args: { "team_id": string }; Returns: undefined };
      "lng": {
        Args: { "": Database["public"]["Tables"]["quests"]["Row"] };
        Returns:
          & { error: true }
          & "the function public.lng with parameter or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache";
      };
      "merch_catalog": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "message_teams": {
        Args: { "body": string; "event_id": string; "team_id"?: string };
        Returns: number;
      };
      "mute_chat": {
        Args: { "chat_id": string; "until"?: string };
        Returns: {
          "chat_id": string;
          "created_at": string;
          "muted_until": string | null;
          "user_id": string;
        };
        SetofOptions: {
          from: "*";
          to: "push_chat_mutes";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "my_access_grants": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "my_events": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "my_merch_orders": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "my_push_preferences": {
        Args: Record<PropertyKey, never>;
        Returns: Json;
      };
      "my_runs": {
        Args: {
          "after"?: Json;
          "page_size"?: number;
          "status_filter"?: Database["public"]["Enums"]["run_status"];
        };
        Returns: Json;
      };
      "my_team_invitations": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "my_teams": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "my_unlock_requests": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "notifications_page": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "open_direct_chat": { Args: { "other_user": string }; Returns: string };
      "pause_event": { Args: { "event_id": string }; Returns: Json };
      "play_state": { Args: { "run_id": string }; Returns: Json };
      "point_hints_for_editing": {
        Args: { "quest_id": string };
        Returns: {
          "hint": string;
          "hint_cost": number;
          "point_id": string;
          "position": number;
          "title": string;
        }[];
      };
      "promote_chat_member": {
        Args: { "chat_id": string; "user_id": string };
        Returns: undefined;
      };
      "publish_quest": {
        Args: { "note"?: string; "quest_id": string };
        Returns: {
          "access": Database["public"]["Enums"]["quest_access"];
          "activity_ids": (string)[];
          "author_id": string | null;
          "category_id": string | null;
          "city": string;
          "cover_path": string | null;
          "created_at": string;
          "description": string;
          "difficulty": number;
          "distance_m": number;
          "duration_min": number;
          "favourites_count": number;
          "id": string;
          "min_age": number;
          "place_id": string | null;
          "price_credits": number;
          "published_at": string | null;
          "rating_avg": number;
          "rating_count": number;
          "review_note": string | null;
          "reward_credits": number;
          "score_per_point": number;
          "search_document": unknown;
          "slug": string;
          "stage_order": Database["public"]["Enums"]["stage_order"];
          "start_location": unknown;
          "status": Database["public"]["Enums"]["quest_status"];
          "submitted_at": string | null;
          "summary": string;
          "time_bonus_per_min": number;
          "time_limit_s": number | null;
          "title": string;
          "updated_at": string;
          "vehicle_id": string | null;
          "wrong_answer_penalty": number;
        };
        SetofOptions: {
          from: "*";
          to: "quests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "purchase_merch": {
        Args: { "": Json };
        Returns: {
          "buyer_username": string | null;
          "cancel_reason": string | null;
          "cancellation":
            | Database["public"]["Enums"]["order_cancellation"]
            | null;
          "created_at": string;
          "expires_at": string | null;
          "id": string;
          "items": Json | null;
          "ship_address": string | null;
          "ship_city": string | null;
          "ship_country": string;
          "ship_name": string | null;
          "ship_phone": string | null;
          "ship_postal_code": string | null;
          "status": Database["public"]["Enums"]["order_status"];
          "total_credits": number;
          "tracking_number": string | null;
          "updated_at": string;
          "user_id": string | null;
        };
        SetofOptions: {
          from: "*";
          to: "merch_order_details";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "quest_bundle": { Args: { "quest_id": string }; Returns: Json };
      "quest_bundle_changes": {
        Args: { "quest_id": string; "since_version": number };
        Returns: Json;
      };
      "quest_detail": {
        Args: { "quest_id"?: string; "slug"?: string };
        Returns: Json;
      };
      "quest_home": { Args: { "filters"?: Json }; Returns: Json };
      "quest_ranking": {
        Args: { "after"?: Json; "page_size"?: number; "quest_id": string };
        Returns: Json;
      };
      "quest_review_queue": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "quest_reviews": {
        Args: { "after"?: Json; "page_size"?: number; "quest_id": string };
        Returns: Json;
      };
      "quest_teaser": {
        Args: { "quest_id": string };
        Returns: {
          "first_point_lat": number;
          "first_point_lng": number;
          "first_point_title": string;
          "point_count": number;
        }[];
      };
      "register_push_device": {
        Args: {
          "app_version"?: string;
          "locale": string;
          "platform": string;
          "replaces"?: string;
          "token": string;
        };
        Returns: {
          "app_version": string | null;
          "created_at": string;
          "id": string;
          "last_seen_at": string;
          "locale": Database["public"]["Enums"]["app_locale"];
          "platform": Database["public"]["Enums"]["push_platform"];
          "token": string;
          "user_id": string;
        };
        SetofOptions: {
          from: "*";
          to: "push_devices";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "register_team": {
        Args: { "event_id": string; "join_code"?: string; "team_id": string };
        Returns: Json;
      };
      "remove_chat_member": {
        Args: { "chat_id": string; "user_id": string };
        Returns: undefined;
      };
      "remove_friend": { Args: { "friend_id": string }; Returns: undefined };
      "remove_game_master": {
        Args: { "event_id": string; "user_id": string };
        Returns: undefined;
      };
      "remove_team_member": {
        Args: { "team_id": string; "user_id": string };
        Returns: undefined;
      };
      "renew_team_code": { Args: { "team_id": string }; Returns: string };
      "report_team_position": {
        Args: {
          "accuracy_m": number;
          "lat": number;
          "lng": number;
          "team_id": string;
        };
        Returns: Json;
      };
      "request_unlock": {
        Args: { "message"?: string; "quest_id": string };
        Returns: {
          "created_at": string;
          "decided_at": string | null;
          "decision_reason": string | null;
          "id": string;
          "message": string | null;
          "price_credits": number;
          "quest_id": string;
          "status": Database["public"]["Enums"]["unlock_request_status"];
          "updated_at": string;
          "user_id": string;
        };
        SetofOptions: {
          from: "*";
          to: "unlock_requests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "respond_to_review": {
        Args: { "body": string; "review_id": string };
        Returns: {
          "body": string;
          "created_at": string;
          "id": string;
          "responder_role": Database["public"]["Enums"]["app_role"];
          "review_id": string;
        };
        SetofOptions: {
          from: "*";
          to: "review_responses";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "resume_event": { Args: { "event_id": string }; Returns: Json };
      "return_quest": {
        Args: { "quest_id": string; "reason": string };
        Returns: {
          "access": Database["public"]["Enums"]["quest_access"];
          "activity_ids": (string)[];
          "author_id": string | null;
          "category_id": string | null;
          "city": string;
          "cover_path": string | null;
          "created_at": string;
          "description": string;
          "difficulty": number;
          "distance_m": number;
          "duration_min": number;
          "favourites_count": number;
          "id": string;
          "min_age": number;
          "place_id": string | null;
          "price_credits": number;
          "published_at": string | null;
          "rating_avg": number;
          "rating_count": number;
          "review_note": string | null;
          "reward_credits": number;
          "score_per_point": number;
          "search_document": unknown;
          "slug": string;
          "stage_order": Database["public"]["Enums"]["stage_order"];
          "start_location": unknown;
          "status": Database["public"]["Enums"]["quest_status"];
          "submitted_at": string | null;
          "summary": string;
          "time_bonus_per_min": number;
          "time_limit_s": number | null;
          "title": string;
          "updated_at": string;
          "vehicle_id": string | null;
          "wrong_answer_penalty": number;
        };
        SetofOptions: {
          from: "*";
          to: "quests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "review_run": {
        Args: { "clear": boolean; "reason": string; "run_id": string };
        Returns: {
          "deadline_at": string | null;
          "duration_s": number | null;
          "event_id": string | null;
          "finished_at": string | null;
          "flag_reason": string | null;
          "flagged_at": string | null;
          "hints_used": number;
          "id": string;
          "implausible_attempts": number;
          "next_position": number;
          "points_done": number;
          "points_total": number;
          "practice": boolean;
          "quest_id": string;
          "review_note": string | null;
          "review_state":
            | Database["public"]["Enums"]["run_review_state"]
            | null;
          "reviewed_at": string | null;
          "reward_credits": number;
          "score": number;
          "start_position": number | null;
          "started_at": string;
          "started_by": string | null;
          "status": Database["public"]["Enums"]["run_status"];
          "team_id": string | null;
          "time_bonus": number;
          "user_id": string | null;
        };
        SetofOptions: {
          from: "*";
          to: "quest_runs";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "revoke_role": {
        Args: {
          "reason": string;
          "role": Database["public"]["Enums"]["app_role"];
          "target_user": string;
        };
        Returns: undefined;
      };
      "run_result": { Args: { "run_id": string }; Returns: Json };
      "search_quests": { Args: { "filters"?: Json }; Returns: Json };
      "send_friend_request": {
        Args: { "to_user": string };
        Returns: {
          "created_at": string;
          "id": string;
          "receiver_id": string;
          "responded_at": string | null;
          "sender_id": string;
          "status": Database["public"]["Enums"]["friend_request_status"];
        };
        SetofOptions: {
          from: "*";
          to: "friend_requests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "set_message_previews": { Args: { "enabled": boolean }; Returns: Json };
      "set_order_status": {
        Args: {
          "order_id": string;
          "reason"?: string;
          "status": Database["public"]["Enums"]["order_status"];
          "tracking_number"?: string;
        };
        Returns: {
          "buyer_username": string | null;
          "cancel_reason": string | null;
          "cancellation":
            | Database["public"]["Enums"]["order_cancellation"]
            | null;
          "created_at": string;
          "expires_at": string | null;
          "id": string;
          "items": Json | null;
          "ship_address": string | null;
          "ship_city": string | null;
          "ship_country": string;
          "ship_name": string | null;
          "ship_phone": string | null;
          "ship_postal_code": string | null;
          "status": Database["public"]["Enums"]["order_status"];
          "total_credits": number;
          "tracking_number": string | null;
          "updated_at": string;
          "user_id": string | null;
        };
        SetofOptions: {
          from: "*";
          to: "merch_order_details";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "set_point_hint": {
        Args: { "hint": string; "point_id": string };
        Returns: undefined;
      };
      "set_point_secret": {
        Args: { "answer"?: string; "point_id": string; "qr_payload"?: string };
        Returns: undefined;
      };
      "set_push_kind": {
        Args: { "enabled": boolean; "kind": string };
        Returns: Json;
      };
      "set_quiet_hours": {
        Args: { "ends": string; "starts": string; "time_zone": string };
        Returns: Json;
      };
      "staff_merch_orders": {
        Args: {
          "after"?: Json;
          "page_size"?: number;
          "status"?: Database["public"]["Enums"]["order_status"];
        };
        Returns: Json;
      };
      "staff_wallet": {
        Args: { "after"?: Json; "page_size"?: number; "user_id": string };
        Returns: Json;
      };
      "start_event": { Args: { "event_id": string }; Returns: Json };
      "start_event_run": {
        Args: { "event_id": string; "team_id": string };
        Returns: {
          "deadline_at": string | null;
          "duration_s": number | null;
          "event_id": string | null;
          "finished_at": string | null;
          "flag_reason": string | null;
          "flagged_at": string | null;
          "hints_used": number;
          "id": string;
          "implausible_attempts": number;
          "next_position": number;
          "points_done": number;
          "points_total": number;
          "practice": boolean;
          "quest_id": string;
          "review_note": string | null;
          "review_state":
            | Database["public"]["Enums"]["run_review_state"]
            | null;
          "reviewed_at": string | null;
          "reward_credits": number;
          "score": number;
          "start_position": number | null;
          "started_at": string;
          "started_by": string | null;
          "status": Database["public"]["Enums"]["run_status"];
          "team_id": string | null;
          "time_bonus": number;
          "user_id": string | null;
        };
        SetofOptions: {
          from: "*";
          to: "quest_runs";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "start_run": {
        Args: { "quest_id": string };
        Returns: {
          "deadline_at": string | null;
          "duration_s": number | null;
          "event_id": string | null;
          "finished_at": string | null;
          "flag_reason": string | null;
          "flagged_at": string | null;
          "hints_used": number;
          "id": string;
          "implausible_attempts": number;
          "next_position": number;
          "points_done": number;
          "points_total": number;
          "practice": boolean;
          "quest_id": string;
          "review_note": string | null;
          "review_state":
            | Database["public"]["Enums"]["run_review_state"]
            | null;
          "reviewed_at": string | null;
          "reward_credits": number;
          "score": number;
          "start_position": number | null;
          "started_at": string;
          "started_by": string | null;
          "status": Database["public"]["Enums"]["run_status"];
          "team_id": string | null;
          "time_bonus": number;
          "user_id": string | null;
        };
        SetofOptions: {
          from: "*";
          to: "quest_runs";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "start_team_run": {
        Args: { "quest_id": string; "team_id": string };
        Returns: {
          "deadline_at": string | null;
          "duration_s": number | null;
          "event_id": string | null;
          "finished_at": string | null;
          "flag_reason": string | null;
          "flagged_at": string | null;
          "hints_used": number;
          "id": string;
          "implausible_attempts": number;
          "next_position": number;
          "points_done": number;
          "points_total": number;
          "practice": boolean;
          "quest_id": string;
          "review_note": string | null;
          "review_state":
            | Database["public"]["Enums"]["run_review_state"]
            | null;
          "reviewed_at": string | null;
          "reward_credits": number;
          "score": number;
          "start_position": number | null;
          "started_at": string;
          "started_by": string | null;
          "status": Database["public"]["Enums"]["run_status"];
          "team_id": string | null;
          "time_bonus": number;
          "user_id": string | null;
        };
        SetofOptions: {
          from: "*";
          to: "quest_runs";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "submit_quest": {
        Args: { "quest_id": string };
        Returns: {
          "access": Database["public"]["Enums"]["quest_access"];
          "activity_ids": (string)[];
          "author_id": string | null;
          "category_id": string | null;
          "city": string;
          "cover_path": string | null;
          "created_at": string;
          "description": string;
          "difficulty": number;
          "distance_m": number;
          "duration_min": number;
          "favourites_count": number;
          "id": string;
          "min_age": number;
          "place_id": string | null;
          "price_credits": number;
          "published_at": string | null;
          "rating_avg": number;
          "rating_count": number;
          "review_note": string | null;
          "reward_credits": number;
          "score_per_point": number;
          "search_document": unknown;
          "slug": string;
          "stage_order": Database["public"]["Enums"]["stage_order"];
          "start_location": unknown;
          "status": Database["public"]["Enums"]["quest_status"];
          "submitted_at": string | null;
          "summary": string;
          "time_bonus_per_min": number;
          "time_limit_s": number | null;
          "title": string;
          "updated_at": string;
          "vehicle_id": string | null;
          "wrong_answer_penalty": number;
        };
        SetofOptions: {
          from: "*";
          to: "quests";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "sync_run": {
        Args: { "attempts": Json; "bundle_version"?: number; "run_id": string };
        Returns: Json;
      };
      "take_hint": {
        Args: { "point_id"?: string; "run_id": string };
        Returns: Json;
      };
      "team_detail": { Args: { "team_id": string }; Returns: Json };
      "team_replay": {
        Args: {
          "after"?: Json;
          "event_id": string;
          "page_size"?: number;
          "team_id": string;
        };
        Returns: Json;
      };
      "transfer_team_ownership": {
        Args: { "team_id": string; "user_id": string };
        Returns: undefined;
      };
      "unban_user": {
        Args: { "reason": string; "target_user": string };
        Returns: undefined;
      };
      "unblock_user": { Args: { "user_id": string }; Returns: undefined };
      "unhide_review": {
        Args: { "reason": string; "review_id": string };
        Returns: {
          "author_id": string | null;
          "body": string;
          "created_at": string;
          "hidden_at": string | null;
          "hidden_reason": string | null;
          "id": string;
          "quest_id": string;
          "rating": number;
          "updated_at": string;
        };
        SetofOptions: {
          from: "*";
          to: "reviews";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "unlock_queue": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "unmute_chat": { Args: { "chat_id": string }; Returns: boolean };
      "unregister_push_device": { Args: { "token": string }; Returns: boolean };
      "upcoming_events": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "update_team": {
        Args: { "max_members"?: number; "name"?: string; "team_id": string };
        Returns: {
          "chat_id": string | null;
          "created_at": string;
          "created_by": string | null;
          "disbanded_at": string | null;
          "id": string;
          "join_code": string | null;
          "max_members": number;
          "name": string;
          "updated_at": string;
        };
        SetofOptions: {
          from: "*";
          to: "teams";
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      "user_profile_card": { Args: { "user_id": string }; Returns: Json };
      "username_available": { Args: { "username": string }; Returns: boolean };
      "wallet_screen": {
        Args: { "after"?: Json; "page_size"?: number };
        Returns: Json;
      };
      "withdraw_team": {
        Args: { "event_id": string; "team_id": string };
        Returns: undefined;
      };
    };
    Enums: {
      "app_locale": "ru" | "en";
      "app_permission":
        | "quests.manage"
        | "quests.publish"
        | "reviews.moderate"
        | "unlock.decide"
        | "merch.manage"
        | "orders.manage"
        | "users.ban"
        | "roles.manage"
        | "chat.moderate"
        | "credits.grant"
        | "audit.read"
        | "runs.review"
        | "payments.manage"
        | "events.organise";
      "app_role": "user" | "organiser" | "moderator" | "admin";
      "chat_kind": "direct" | "group";
      "chat_member_role": "owner" | "admin" | "member";
      "credit_reason":
        | "quest_reward"
        | "unlock"
        | "unlock_refund"
        | "merch_order"
        | "merch_refund"
        | "staff_grant"
        | "quest_purchase"
        | "top_up"
        | "top_up_refund"
        | "top_up_chargeback";
      "event_activity_kind":
        | "team_registered"
        | "team_withdrawn"
        | "event_started"
        | "event_paused"
        | "event_resumed"
        | "event_ended"
        | "run_started"
        | "checkin"
        | "hint_taken"
        | "hint_granted"
        | "run_ended"
        | "message"
        | "score_adjusted"
        | "team_disqualified";
      "event_start_mode": "together" | "per_team";
      "event_status": "scheduled" | "running" | "paused" | "ended";
      "event_visibility": "public" | "code";
      "friend_request_status":
        | "pending"
        | "accepted"
        | "declined"
        | "cancelled";
      "merch_quest_rule":
        | "purchase_after_completion"
        | "visible_after_completion";
      "notification_kind":
        | "friend_request"
        | "friend_accepted"
        | "chat_added"
        | "unlock_approved"
        | "unlock_rejected"
        | "order_updated"
        | "quest_withdrawn"
        | "run_reviewed"
        | "top_up_credited"
        | "top_up_reversed"
        | "team_invite"
        | "team_removed"
        | "event_started"
        | "event_message"
        | "team_disqualified";
      "order_cancellation": "buyer" | "staff" | "expired" | "account_deleted";
      "order_status":
        | "pending"
        | "paid"
        | "shipped"
        | "delivered"
        | "cancelled";
      "payment_event_kind":
        | "opened"
        | "checkout_attached"
        | "credited"
        | "failed"
        | "expired"
        | "refunded"
        | "charged_back"
        | "dispute_won";
      "payment_provider": "stripe" | "app_store" | "play_store";
      "payment_status":
        | "pending"
        | "succeeded"
        | "failed"
        | "expired"
        | "partially_refunded"
        | "refunded"
        | "charged_back";
      "point_task_type": "gps" | "answer" | "qr";
      "push_platform": "android" | "ios" | "web";
      "quest_access": "open" | "locked";
      "quest_access_source": "unlock_request" | "purchase" | "staff";
      "quest_sort": "relevance" | "distance" | "rating" | "newest" | "popular";
      "quest_status": "draft" | "in_review" | "published" | "archived";
      "run_review_state": "flagged" | "cleared" | "voided";
      "run_status": "in_progress" | "completed" | "abandoned" | "timed_out";
      "stage_order": "linear" | "free" | "qr_start";
      "team_role": "owner" | "member";
      "unlock_request_status":
        | "pending"
        | "approved"
        | "rejected"
        | "cancelled";
    };
    CompositeTypes: {
      "quest_marker": {
        "id": string | null;
        "title": string | null;
        "category_id": string | null;
        "access": Database["public"]["Enums"]["quest_access"] | null;
        "price_credits": number | null;
        "rating_avg": number | null;
        "start_lat": number | null;
        "start_lng": number | null;
        "is_favourite": boolean | null;
        "has_access": boolean | null;
        "in_progress": boolean | null;
        "completed": boolean | null;
        "cursor": Json | null;
      };
      "quest_search_item": {
        "id": string | null;
        "slug": string | null;
        "title": string | null;
        "summary": string | null;
        "cover_path": string | null;
        "city": string | null;
        "place_id": string | null;
        "category_id": string | null;
        "vehicle_id": string | null;
        "activity_ids": (string)[] | null;
        "difficulty": number | null;
        "duration_min": number | null;
        "distance_m": number | null;
        "min_age": number | null;
        "price_credits": number | null;
        "reward_credits": number | null;
        "access": Database["public"]["Enums"]["quest_access"] | null;
        "rating_avg": number | null;
        "rating_count": number | null;
        "favourites_count": number | null;
        "published_at": string | null;
        "start_lat": number | null;
        "start_lng": number | null;
        "distance_to_start_m": number | null;
        "relevance": number | null;
        "is_favourite": boolean | null;
        "has_access": boolean | null;
        "in_progress": boolean | null;
        "completed": boolean | null;
        "cursor": Json | null;
      };
    };
  };
};

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">;

type DefaultSchema =
  DatabaseWithoutInternals[Extract<keyof Database, "public">];

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  } ? keyof (
      & DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]][
        "Tables"
      ]
      & DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]][
        "Views"
      ]
    )
    : never = never,
> = DefaultSchemaTableNameOrOptions extends
  { schema: keyof DatabaseWithoutInternals } ? (
    & DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]][
      "Tables"
    ]
    & DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]][
      "Views"
    ]
  )[TableName] extends {
    Row: infer R;
  } ? R
  : never
  : DefaultSchemaTableNameOrOptions extends
    keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[
      DefaultSchemaTableNameOrOptions
    ] extends {
      Row: infer R;
    } ? R
    : never
  : never;

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]][
      "Tables"
    ]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends
  { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]][
    "Tables"
  ][TableName] extends {
    Insert: infer I;
  } ? I
  : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I;
    } ? I
    : never
  : never;

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]][
      "Tables"
    ]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends
  { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]][
    "Tables"
  ][TableName] extends {
    Update: infer U;
  } ? U
  : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U;
    } ? U
    : never
  : never;

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]][
      "Enums"
    ]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends
  { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][
    EnumName
  ]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never;

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[
      PublicCompositeTypeNameOrOptions["schema"]
    ]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends
  { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]][
    "CompositeTypes"
  ][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends
    keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never;

export const Constants = {
  "public": {
    Enums: {
      "app_locale": ["ru", "en"],
      "app_permission": [
        "quests.manage",
        "quests.publish",
        "reviews.moderate",
        "unlock.decide",
        "merch.manage",
        "orders.manage",
        "users.ban",
        "roles.manage",
        "chat.moderate",
        "credits.grant",
        "audit.read",
        "runs.review",
        "payments.manage",
        "events.organise",
      ],
      "app_role": ["user", "organiser", "moderator", "admin"],
      "chat_kind": ["direct", "group"],
      "chat_member_role": ["owner", "admin", "member"],
      "credit_reason": [
        "quest_reward",
        "unlock",
        "unlock_refund",
        "merch_order",
        "merch_refund",
        "staff_grant",
        "quest_purchase",
        "top_up",
        "top_up_refund",
        "top_up_chargeback",
      ],
      "event_activity_kind": [
        "team_registered",
        "team_withdrawn",
        "event_started",
        "event_paused",
        "event_resumed",
        "event_ended",
        "run_started",
        "checkin",
        "hint_taken",
        "hint_granted",
        "run_ended",
        "message",
        "score_adjusted",
        "team_disqualified",
      ],
      "event_start_mode": ["together", "per_team"],
      "event_status": ["scheduled", "running", "paused", "ended"],
      "event_visibility": ["public", "code"],
      "friend_request_status": ["pending", "accepted", "declined", "cancelled"],
      "merch_quest_rule": [
        "purchase_after_completion",
        "visible_after_completion",
      ],
      "notification_kind": [
        "friend_request",
        "friend_accepted",
        "chat_added",
        "unlock_approved",
        "unlock_rejected",
        "order_updated",
        "quest_withdrawn",
        "run_reviewed",
        "top_up_credited",
        "top_up_reversed",
        "team_invite",
        "team_removed",
        "event_started",
        "event_message",
        "team_disqualified",
      ],
      "order_cancellation": ["buyer", "staff", "expired", "account_deleted"],
      "order_status": ["pending", "paid", "shipped", "delivered", "cancelled"],
      "payment_event_kind": [
        "opened",
        "checkout_attached",
        "credited",
        "failed",
        "expired",
        "refunded",
        "charged_back",
        "dispute_won",
      ],
      "payment_provider": ["stripe", "app_store", "play_store"],
      "payment_status": [
        "pending",
        "succeeded",
        "failed",
        "expired",
        "partially_refunded",
        "refunded",
        "charged_back",
      ],
      "point_task_type": ["gps", "answer", "qr"],
      "push_platform": ["android", "ios", "web"],
      "quest_access": ["open", "locked"],
      "quest_access_source": ["unlock_request", "purchase", "staff"],
      "quest_sort": ["relevance", "distance", "rating", "newest", "popular"],
      "quest_status": ["draft", "in_review", "published", "archived"],
      "run_review_state": ["flagged", "cleared", "voided"],
      "run_status": ["in_progress", "completed", "abandoned", "timed_out"],
      "stage_order": ["linear", "free", "qr_start"],
      "team_role": ["owner", "member"],
      "unlock_request_status": ["pending", "approved", "rejected", "cancelled"],
    },
  },
} as const;
