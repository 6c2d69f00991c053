//! Data hooks: [`use_load`] fetches one value when its inputs change; [`use_paged`] reads
//! a list page by page ("load more") by `next_cursor`. Answers to out-of-date requests
//! are dropped.

use crate::api::ApiError;
use danvan_domain::page::Page;
use std::{cell::RefCell, future::Future, rc::Rc};
use yew::{platform::spawn_local, prelude::*};

/// A value being fetched.
#[derive(Debug)]
pub enum Load<T> {
    Loading,
    Ready(Rc<T>),
    Failed(ApiError),
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Loading => Load::Loading,
            Load::Ready(value) => Load::Ready(value.clone()),
            Load::Failed(error) => Load::Failed(error.clone()),
        }
    }
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(value) => Some(value),
            _ => None,
        }
    }
}

/// Bumps and returns the request generation, so that late answers can be recognised.
fn next_generation(generation: &RefCell<u32>) -> u32 {
    let mut value = generation.borrow_mut();
    *value = value.wrapping_add(1);
    *value
}

/// Fetches `fetch(deps)` whenever `deps` change; the state starts as `Loading`.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, fetch: F) -> UseStateHandle<Load<T>>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Load::Loading);
    let generation = use_mut_ref(|| 0u32);
    {
        let state = state.clone();
        use_effect_with(deps, move |deps| {
            let mine = next_generation(&generation);
            if !matches!(*state, Load::Loading) {
                state.set(Load::Loading);
            }
            let future = fetch(deps.clone());
            spawn_local(async move {
                let result = future.await;
                if *generation.borrow() == mine {
                    state.set(match result {
                        Ok(value) => Load::Ready(Rc::new(value)),
                        Err(error) => Load::Failed(error),
                    });
                }
            });
        });
    }
    state
}

/// A list read page by page.
#[derive(Debug)]
pub struct Paged<T> {
    pub items: Rc<Vec<T>>,
    pub next: Option<String>,
    pub loading: bool,
    pub error: Option<ApiError>,
}

impl<T> Clone for Paged<T> {
    fn clone(&self) -> Self {
        Paged { items: self.items.clone(), next: self.next.clone(), loading: self.loading, error: self.error.clone() }
    }
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged { items: Rc::new(Vec::new()), next: None, loading: true, error: None }
    }
}

impl<T: Clone> Paged<T> {
    /// The list after a page arrived: the first page replaces, later pages append.
    pub fn with_page(&self, page: Page<T>, first: bool) -> Self {
        let mut items = if first { Vec::new() } else { (*self.items).clone() };
        items.extend(page.items);
        Paged { items: Rc::new(items), next: page.next_cursor, loading: false, error: None }
    }
}

/// What [`use_paged`] gives: the list so far and a callback that loads the next page.
pub struct PagedHandle<T> {
    pub list: UseStateHandle<Paged<T>>,
    pub more: Callback<()>,
}

/// Reads the first page of `fetch(deps, None)` whenever `deps` change; `more` appends
/// `fetch(deps, next_cursor)`.
#[hook]
pub fn use_paged<T, D, F, Fut>(deps: D, fetch: F) -> PagedHandle<T>
where
    T: Clone + 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D, Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
{
    let list = use_state(Paged::<T>::default);
    let generation = use_mut_ref(|| 0u32);
    let fetch = Rc::new(fetch);
    let load = {
        let (list, generation, fetch) = (list.clone(), generation.clone(), fetch.clone());
        move |deps: D, cursor: Option<String>, current: Paged<T>| {
            let mine = next_generation(&generation);
            let first = cursor.is_none();
            list.set(Paged { loading: true, error: None, ..current.clone() });
            let future = fetch(deps, cursor);
            let (list, generation) = (list.clone(), generation.clone());
            spawn_local(async move {
                let result = future.await;
                if *generation.borrow() == mine {
                    list.set(match result {
                        Ok(page) => current.with_page(page, first),
                        Err(error) => Paged { loading: false, error: Some(error), ..current },
                    });
                }
            });
        }
    };
    {
        let (load, list) = (load.clone(), list.clone());
        use_effect_with(deps.clone(), move |deps| load(deps.clone(), None, Paged { loading: true, ..(*list).clone() }));
    }
    let more = {
        let list = list.clone();
        Callback::from(move |()| {
            if let (Some(cursor), false) = (list.next.clone(), list.loading) {
                load(deps.clone(), Some(cursor), (*list).clone());
            }
        })
    };
    PagedHandle { list, more }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_replace_then_append() {
        let empty = Paged::<u8>::default();
        let first = empty.with_page(Page { items: vec![1, 2], next_cursor: Some("c".into()) }, true);
        assert_eq!((*first.items).clone(), vec![1, 2]);
        assert_eq!(first.next.as_deref(), Some("c"));
        assert!(!first.loading);
        let second = first.with_page(Page { items: vec![3], next_cursor: None }, false);
        assert_eq!((*second.items).clone(), vec![1, 2, 3]);
        assert_eq!(second.next, None);
        let again = second.with_page(Page { items: vec![9], next_cursor: None }, true);
        assert_eq!((*again.items).clone(), vec![9]);
    }
}
