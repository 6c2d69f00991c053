//! Diesel's view of the tables; written by hand to stay portable over both backends.

diesel::table! {
    org_units (id) {
        id -> Text,
        parent_id -> Nullable<Text>,
        code -> Text,
        name -> Text,
        kind -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    areas (id) {
        id -> Text,
        layout -> Text,
        level -> Text,
        code -> Text,
        name -> Text,
        name_folded -> Text,
        kind -> Nullable<Text>,
        parent_id -> Nullable<Text>,
        province_id -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        region -> Nullable<Text>,
        child_count -> BigInt,
    }
}

diesel::table! {
    area_groups (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        kind -> Text,
        layout -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    area_group_members (area_group_id, area_id) {
        area_group_id -> Text,
        area_id -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        display_name_folded -> Text,
        email -> Nullable<Text>,
        role -> Text,
        org_unit_id -> Nullable<Text>,
        password_hash -> Text,
        active -> Bool,
        session_epoch -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_scope_areas (user_id, area_id) {
        user_id -> Text,
        area_id -> Text,
    }
}

diesel::table! {
    user_scope_area_groups (user_id, area_group_id) {
        user_id -> Text,
        area_group_id -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (actor_id, idempotency_key) {
        actor_id -> Text,
        idempotency_key -> Text,
        operation -> Text,
        request_hash -> Text,
        response_status -> Integer,
        response_body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_username -> Nullable<Text>,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        request_id -> Nullable<Text>,
    }
}

diesel::joinable!(area_group_members -> area_groups (area_group_id));
diesel::joinable!(area_group_members -> areas (area_id));
diesel::joinable!(user_scope_areas -> users (user_id));
diesel::joinable!(user_scope_area_groups -> users (user_id));
diesel::joinable!(users -> org_units (org_unit_id));

diesel::allow_tables_to_appear_in_same_query!(
    org_units,
    areas,
    area_groups,
    area_group_members,
    users,
    user_scope_areas,
    user_scope_area_groups,
    refresh_tokens,
    idempotency_keys,
    audit_log,
);
