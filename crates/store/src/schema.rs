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
        resource_id -> Text,
        resource_version -> Nullable<BigInt>,
    }
}

diesel::table! {
    login_failures (key) {
        key -> Text,
        failures -> Integer,
        version -> Integer,
        last_failure_at -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_known_addresses (key) {
        key -> Text,
        last_success_at -> Timestamp,
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

diesel::table! {
    plans (id) {
        id -> Text,
        number -> Text,
        title -> Text,
        issuing_body -> Text,
        issued_on -> Date,
        basis_json -> Text,
        status -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_items (id) {
        id -> Text,
        plan_id -> Text,
        parent_id -> Nullable<Text>,
        number -> Text,
        title -> Text,
        body -> Text,
        position -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    catalog_entries (id) {
        id -> Text,
        kind -> Text,
        code -> Text,
        name_vi -> Text,
        name_en -> Text,
        active -> Bool,
        position -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    working_groups (id) {
        id -> Text,
        name -> Text,
        plan_id -> Text,
        standing_unit_id -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> Text,
        working_group_id -> Text,
        user_id -> Text,
        position -> Text,
        joined_on -> Date,
        left_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assignments (id) {
        id -> Text,
        working_group_id -> Text,
        user_id -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        note -> Text,
        replaces_id -> Nullable<Text>,
        replaced_by_id -> Nullable<Text>,
        superseded_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assignment_links (assignment_id, kind, ref_id) {
        assignment_id -> Text,
        kind -> Text,
        ref_id -> Text,
    }
}

diesel::table! {
    tasks (id) {
        id -> Text,
        title -> Text,
        title_folded -> Text,
        description -> Text,
        plan_item_id -> Nullable<Text>,
        working_group_id -> Nullable<Text>,
        target_group_id -> Nullable<Text>,
        due_on -> Date,
        priority -> Text,
        priority_rank -> Integer,
        status -> Text,
        percent -> Integer,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    task_assignees (task_id, kind, ref_id) {
        task_id -> Text,
        kind -> Text,
        ref_id -> Text,
    }
}

diesel::table! {
    task_areas (task_id, area_id) {
        task_id -> Text,
        area_id -> Text,
        province_id -> Text,
    }
}

diesel::table! {
    task_list_keys (task_id, key) {
        task_id -> Text,
        key -> Text,
        status -> Text,
        due_on -> Date,
        priority_rank -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    task_events (id) {
        id -> Text,
        task_id -> Text,
        kind -> Text,
        at -> Timestamp,
        actor_id -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        percent -> Nullable<Integer>,
        comment -> Text,
        assignees_json -> Text,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        task_id -> Nullable<Text>,
        model_id -> Nullable<Text>,
        report_template_id -> Nullable<Text>,
        report_submission_id -> Nullable<Text>,
        report_period -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        status -> Nullable<Text>,
        due_on -> Nullable<Date>,
        dedupe_key -> Nullable<Text>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

// --- community teams ---

diesel::table! {
    team_kinds (id) {
        id -> Text,
        code -> Text,
        name_vi -> Text,
        name_en -> Text,
        active -> Bool,
        position -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    community_teams (id) {
        id -> Text,
        name -> Text,
        name_folded -> Text,
        kind_id -> Text,
        area_id -> Text,
        province_id -> Text,
        founded_on -> Date,
        status -> Text,
        org_unit_id -> Nullable<Text>,
        partner_body -> Text,
        description -> Text,
        households_covered -> BigInt,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_members (id) {
        id -> Text,
        team_id -> Text,
        name -> Text,
        role -> Text,
        affiliation -> Text,
        joined_on -> Date,
        left_on -> Nullable<Date>,
        phone_sealed -> Nullable<Text>,
        phone_hash -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_activities (id) {
        id -> Text,
        team_id -> Text,
        occurred_on -> Date,
        kind -> Text,
        households_reached -> BigInt,
        people_supported -> BigInt,
        note -> Text,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_indicators (id) {
        id -> Text,
        code -> Text,
        name_vi -> Text,
        name_en -> Text,
        unit -> Text,
        higher_is_better -> Bool,
        weight -> Double,
        active -> Bool,
        position -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_indicator_values (team_id, period, indicator_id) {
        team_id -> Text,
        period -> Text,
        indicator_id -> Text,
        value -> Double,
        recorded_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    scorecard_periods (period) {
        period -> Text,
        stale -> Bool,
        computed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    team_scores (period, team_id) {
        period -> Text,
        team_id -> Text,
        province_id -> Text,
        score -> Double,
        rank_national -> BigInt,
        rank_province -> BigInt,
    }
}

diesel::table! {
    team_score_group_ranks (period, area_group_id, team_id) {
        period -> Text,
        area_group_id -> Text,
        team_id -> Text,
        rank -> BigInt,
    }
}

diesel::table! {
    team_models (id) {
        id -> Text,
        team_id -> Text,
        province_id -> Text,
        status -> Text,
        rationale -> Text,
        evidence -> Text,
        nominated_by -> Text,
        decision_note -> Text,
        decided_by -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_model_events (id) {
        id -> Text,
        model_id -> Text,
        at -> Timestamp,
        actor_id -> Text,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        note -> Text,
    }
}

diesel::table! {
    model_evaluations (id) {
        id -> Text,
        model_id -> Text,
        evaluator_id -> Text,
        scores_json -> Text,
        average -> Double,
        comment -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    model_adoptions (id) {
        id -> Text,
        model_id -> Text,
        team_id -> Text,
        province_id -> Text,
        adopted_on -> Date,
        adaptations -> Text,
        recorded_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

// --- aid ---

diesel::table! {
    aid_items (id) {
        id -> Text,
        code -> Text,
        name_vi -> Text,
        name_en -> Text,
        unit -> Text,
        category -> Text,
        active -> Bool,
        position -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    aid_locations (id) {
        id -> Text,
        name -> Text,
        name_folded -> Text,
        kind -> Text,
        org_unit_id -> Text,
        area_id -> Text,
        province_id -> Text,
        address -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    donors (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        name_folded -> Text,
        tax_code -> Nullable<Text>,
        contact_person -> Text,
        phone_sealed -> Nullable<Text>,
        phone_hash -> Nullable<Text>,
        email_sealed -> Nullable<Text>,
        public_consent -> Bool,
        note -> Text,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Text,
        name -> Text,
        name_folded -> Text,
        purpose -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        plan_item_id -> Nullable<Text>,
        status -> Text,
        org_unit_id -> Text,
        beneficiary_categories -> Text,
        target_cash -> BigInt,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    campaign_areas (campaign_id, area_id) {
        campaign_id -> Text,
        area_id -> Text,
    }
}

diesel::table! {
    campaign_targets (campaign_id, item_id) {
        campaign_id -> Text,
        item_id -> Text,
        quantity_milli -> BigInt,
    }
}

diesel::table! {
    campaign_totals (campaign_id) {
        campaign_id -> Text,
        pledged_cash -> BigInt,
        received_cash -> BigInt,
        disbursed_cash -> BigInt,
        received_goods_value -> BigInt,
        donations -> BigInt,
    }
}

diesel::table! {
    campaign_item_totals (campaign_id, item_id) {
        campaign_id -> Text,
        item_id -> Text,
        pledged_milli -> BigInt,
        received_milli -> BigInt,
        received_value -> BigInt,
        distributed_milli -> BigInt,
    }
}

diesel::table! {
    campaign_donor_totals (campaign_id, donor_key) {
        campaign_id -> Text,
        donor_key -> Text,
        donations -> BigInt,
        cash -> BigInt,
        goods_value -> BigInt,
        total_value -> BigInt,
    }
}

diesel::table! {
    campaign_location_totals (campaign_id, location_id, item_id) {
        campaign_id -> Text,
        location_id -> Text,
        item_id -> Text,
        quantity_milli -> BigInt,
        value -> BigInt,
    }
}

diesel::table! {
    campaign_month_totals (campaign_id, month) {
        campaign_id -> Text,
        month -> Text,
        donations -> BigInt,
        cash -> BigInt,
        goods_value -> BigInt,
    }
}

diesel::table! {
    pledges (id) {
        id -> Text,
        donor_id -> Text,
        campaign_id -> Text,
        cash_amount -> BigInt,
        cash_received -> BigInt,
        due_on -> Nullable<Date>,
        cancelled -> Bool,
        note -> Text,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    pledge_lines (pledge_id, item_id) {
        pledge_id -> Text,
        item_id -> Text,
        quantity_milli -> BigInt,
        received_milli -> BigInt,
    }
}

diesel::table! {
    receipt_sequences (year) {
        year -> BigInt,
        last_number -> BigInt,
    }
}

diesel::table! {
    donations (id) {
        id -> Text,
        receipt_year -> BigInt,
        receipt_sequence -> BigInt,
        receipt_number -> Text,
        donor_id -> Nullable<Text>,
        campaign_id -> Text,
        pledge_id -> Nullable<Text>,
        received_on -> Date,
        channel -> Text,
        bank_reference -> Nullable<Text>,
        cash_amount -> BigInt,
        goods_value -> BigInt,
        location_id -> Nullable<Text>,
        note -> Text,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    donation_lines (donation_id, item_id) {
        donation_id -> Text,
        item_id -> Text,
        position -> BigInt,
        quantity_milli -> BigInt,
        estimated_value -> BigInt,
    }
}

diesel::table! {
    stock_transfers (id) {
        id -> Text,
        from_location_id -> Text,
        to_location_id -> Text,
        note -> Text,
        recorded_by -> Text,
        posted_at -> Timestamp,
    }
}

diesel::table! {
    stock_transfer_lines (transfer_id, item_id) {
        transfer_id -> Text,
        item_id -> Text,
        position -> BigInt,
        quantity_milli -> BigInt,
    }
}

diesel::table! {
    stock_adjustments (id) {
        id -> Text,
        location_id -> Text,
        item_id -> Text,
        quantity_milli -> BigInt,
        reason -> Text,
        note -> Text,
        status -> Text,
        requested_by -> Text,
        requested_at -> Timestamp,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_note -> Text,
        movement_id -> Nullable<Text>,
        version -> BigInt,
    }
}

diesel::table! {
    stock_balances (location_id, item_id) {
        location_id -> Text,
        item_id -> Text,
        quantity_milli -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    stock_movements (id) {
        id -> Text,
        location_id -> Text,
        item_id -> Text,
        kind -> Text,
        quantity_milli -> BigInt,
        balance_after_milli -> BigInt,
        donation_id -> Nullable<Text>,
        transfer_id -> Nullable<Text>,
        adjustment_id -> Nullable<Text>,
        reverses -> Nullable<Text>,
        note -> Text,
        recorded_by -> Text,
        posted_at -> Timestamp,
        distribution_line_id -> Nullable<Text>,
    }
}

diesel::table! {
    aid_reversals (record_kind, record_id) {
        record_kind -> Text,
        record_id -> Text,
        reversed_by -> Text,
        reversed_at -> Timestamp,
        reason -> Text,
    }
}

diesel::table! {
    cash_entries (id) {
        id -> Text,
        campaign_id -> Text,
        kind -> Text,
        amount -> BigInt,
        balance_after -> BigInt,
        donation_id -> Nullable<Text>,
        reverses -> Nullable<Text>,
        reference -> Text,
        note -> Text,
        occurred_on -> Date,
        recorded_by -> Text,
        posted_at -> Timestamp,
        distribution_line_id -> Nullable<Text>,
    }
}

// --- aid, part two: beneficiaries and distributions ---

diesel::table! {
    support_categories (id) {
        id -> Text,
        code -> Text,
        name_vi -> Text,
        name_en -> Text,
        active -> Bool,
        position -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    households (id) {
        id -> Text,
        name -> Text,
        name_folded -> Text,
        area_id -> Text,
        province_id -> Text,
        address -> Text,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    beneficiaries (id) {
        id -> Text,
        household_id -> Nullable<Text>,
        is_head -> Bool,
        full_name -> Text,
        name_folded -> Text,
        area_id -> Text,
        province_id -> Text,
        address -> Text,
        hardships -> Text,
        consent -> Text,
        merged_into -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    beneficiary_personal (beneficiary_id) {
        beneficiary_id -> Text,
        citizen_id_sealed -> Nullable<Text>,
        citizen_id_hash -> Nullable<Text>,
        phone_sealed -> Nullable<Text>,
        phone_hash -> Nullable<Text>,
        birth_date_sealed -> Nullable<Text>,
        disability_sealed -> Nullable<Text>,
        health_sealed -> Nullable<Text>,
    }
}

diesel::table! {
    beneficiary_category_links (category_id, beneficiary_id) {
        category_id -> Text,
        beneficiary_id -> Text,
        name_folded -> Text,
    }
}

diesel::table! {
    beneficiary_consents (id) {
        id -> Text,
        beneficiary_id -> Text,
        kind -> Text,
        given_by -> Text,
        purpose -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    beneficiary_merges (merged_id) {
        merged_id -> Text,
        survivor_id -> Text,
        reason -> Text,
        merged_by -> Text,
        merged_at -> Timestamp,
    }
}

diesel::table! {
    distribution_rounds (id) {
        id -> Text,
        campaign_id -> Text,
        name -> Text,
        area_id -> Text,
        province_id -> Text,
        location_id -> Nullable<Text>,
        cash_each -> BigInt,
        categories -> Text,
        status -> Text,
        created_by -> Text,
        approved_by -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    distribution_round_items (round_id, item_id) {
        round_id -> Text,
        item_id -> Text,
        quantity_milli -> BigInt,
    }
}

diesel::table! {
    distribution_lines (id) {
        id -> Text,
        round_id -> Text,
        campaign_id -> Text,
        beneficiary_id -> Text,
        category_id -> Text,
        name_folded -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        delivered_by -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        confirmation -> Text,
        note -> Text,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    distribution_totals (campaign_id, area_id, category_id) {
        campaign_id -> Text,
        area_id -> Text,
        category_id -> Text,
        province_id -> Text,
        beneficiaries -> BigInt,
        cash -> BigInt,
        goods_value -> BigInt,
    }
}

diesel::table! {
    distribution_item_totals (campaign_id, province_id, category_id, item_id) {
        campaign_id -> Text,
        province_id -> Text,
        category_id -> Text,
        item_id -> Text,
        quantity_milli -> BigInt,
    }
}

diesel::joinable!(area_group_members -> area_groups (area_group_id));
diesel::joinable!(area_group_members -> areas (area_id));
diesel::joinable!(user_scope_areas -> users (user_id));
diesel::joinable!(user_scope_area_groups -> users (user_id));
diesel::joinable!(users -> org_units (org_unit_id));
diesel::joinable!(plan_items -> plans (plan_id));
diesel::joinable!(working_groups -> plans (plan_id));
diesel::joinable!(memberships -> working_groups (working_group_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(assignment_links -> assignments (assignment_id));
diesel::joinable!(task_assignees -> tasks (task_id));
diesel::joinable!(task_areas -> tasks (task_id));
diesel::joinable!(task_list_keys -> tasks (task_id));
diesel::joinable!(task_events -> tasks (task_id));
diesel::joinable!(notifications -> tasks (task_id));
diesel::joinable!(community_teams -> team_kinds (kind_id));
diesel::joinable!(team_members -> community_teams (team_id));
diesel::joinable!(team_activities -> community_teams (team_id));
diesel::joinable!(team_scores -> community_teams (team_id));
diesel::joinable!(team_models -> community_teams (team_id));
diesel::joinable!(model_evaluations -> team_models (model_id));
diesel::joinable!(model_adoptions -> team_models (model_id));

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
    login_failures,
    login_known_addresses,
    audit_log,
    plans,
    plan_items,
    catalog_entries,
    working_groups,
    memberships,
    assignments,
    assignment_links,
    tasks,
    task_assignees,
    task_areas,
    task_list_keys,
    task_events,
    notifications,
    team_kinds,
    community_teams,
    team_members,
    team_activities,
    team_indicators,
    team_indicator_values,
    scorecard_periods,
    team_scores,
    team_score_group_ranks,
    team_models,
    team_model_events,
    model_evaluations,
    model_adoptions,
    aid_items,
    aid_locations,
    donors,
    campaigns,
    campaign_areas,
    campaign_targets,
    campaign_totals,
    campaign_item_totals,
    campaign_donor_totals,
    campaign_location_totals,
    campaign_month_totals,
    pledges,
    pledge_lines,
    receipt_sequences,
    donations,
    donation_lines,
    stock_transfers,
    stock_transfer_lines,
    stock_adjustments,
    stock_balances,
    stock_movements,
    aid_reversals,
    cash_entries,
    support_categories,
    households,
    beneficiaries,
    beneficiary_personal,
    beneficiary_category_links,
    beneficiary_consents,
    beneficiary_merges,
    distribution_rounds,
    distribution_round_items,
    distribution_lines,
    distribution_totals,
    distribution_item_totals,
);

// --- attachments ---

diesel::table! {
    /// File contents, one row per distinct content, keyed by its SHA-256 (lower-case hex).
    blobs (sha256) {
        sha256 -> Text,
        size -> BigInt,
        bytes -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        owner_kind -> Text,
        owner_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size -> BigInt,
        sha256 -> Text,
        thumbnail_sha256 -> Nullable<Text>,
        uploaded_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
    }
}

// --- reports ---

diesel::table! {
    report_templates (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        period_type -> Text,
        due_day -> Integer,
        grace_days -> Integer,
        reporters -> Text,
        content_version -> BigInt,
        archived -> Bool,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    report_template_contents (template_id, content_version) {
        template_id -> Text,
        content_version -> BigInt,
        indicators -> Text,
        questions -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    report_submissions (id) {
        id -> Text,
        template_id -> Text,
        content_version -> BigInt,
        period_key -> Text,
        due_on -> Date,
        late_after -> Date,
        reporter_id -> Text,
        obligation_key -> Nullable<Text>,
        basis -> Text,
        urgent -> Bool,
        title -> Text,
        status -> Text,
        narratives -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    report_submission_events (id) {
        id -> Text,
        submission_id -> Text,
        from_status -> Text,
        to_status -> Text,
        comment -> Text,
        actor_id -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    report_figures (submission_id, indicator, item_id) {
        submission_id -> Text,
        indicator -> Text,
        item_id -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    consolidated_reports (id) {
        id -> Text,
        template_id -> Text,
        period_key -> Text,
        period_start -> Date,
        period_end -> Date,
        status -> Text,
        number -> Nullable<Text>,
        title -> Text,
        revision -> BigInt,
        body -> Text,
        signed_by -> Nullable<Text>,
        signed_at -> Nullable<Timestamp>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    consolidated_revisions (report_id, revision) {
        report_id -> Text,
        revision -> BigInt,
        title -> Text,
        body -> Text,
        note -> Text,
        saved_by -> Text,
        saved_at -> Timestamp,
    }
}

diesel::table! {
    report_number_series (series, year) {
        series -> Text,
        year -> Integer,
        last_number -> BigInt,
    }
}

diesel::joinable!(report_figures -> report_submissions (submission_id));

diesel::allow_tables_to_appear_in_same_query!(
    report_templates,
    report_template_contents,
    report_submissions,
    report_submission_events,
    report_figures,
    consolidated_reports,
    consolidated_revisions,
);
