//! The application starts on both databases and answers its basic calls.

#![allow(clippy::unwrap_used)]

use danvan_domain::area::{AreaLevel, Layout};

both_backends! {
    async fn starts_with_areas_loaded_and_the_first_admin(app) {
        let me = app.admin.me().await.unwrap();
        assert_eq!(me.user.username, "admin");
        let counts = app.admin.area_counts().await.unwrap();
        let count = |layout, level| counts.iter().find(|c| c.layout == layout && c.level == level).map(|c| c.count);
        assert_eq!(count(Layout::L2021, AreaLevel::Province), Some(63));
        assert_eq!(count(Layout::L2021, AreaLevel::District), Some(696));
        assert_eq!(count(Layout::L2021, AreaLevel::Commune), Some(10035));
        assert_eq!(count(Layout::L2025, AreaLevel::Province), Some(34));
        assert_eq!(count(Layout::L2025, AreaLevel::Commune), Some(3321));
    }
}
