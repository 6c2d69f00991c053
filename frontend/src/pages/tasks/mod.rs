//! Tasks: the filtered list and what the other task pages share with it in [`list`], the
//! board in [`board`], one task in [`detail`], the form that assigns or edits a task in
//! [`form`], and a member's own tasks in [`my_tasks`].

pub mod board;
pub mod detail;
pub mod form;
pub mod i18n;
pub mod list;
pub mod my_tasks;
