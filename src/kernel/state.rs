//! The features' in-memory state (flood windows, join bursts, caches), one
//! value per type. The kernel holds it without knowing the types: a feature
//! declares its `State` and asks `ctx.state::<State>()`.

use std::{
    any::{Any, TypeId},
    collections::HashMap,
    sync::{Arc, RwLock},
};

type Value = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
pub struct States {
    values: RwLock<HashMap<TypeId, Value>>,
}

impl States {
    /// The value of type `T`, made with `T::default()` on first use.
    pub fn get<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let id = TypeId::of::<T>();
        let found = self.values.read().unwrap_or_else(|p| p.into_inner()).get(&id).cloned();
        if let Some(Ok(value)) = found.map(|v| v.downcast::<T>()) {
            return value;
        }
        let mut values = self.values.write().unwrap_or_else(|p| p.into_inner());
        let value = values.entry(id).or_insert_with(|| Arc::new(T::default()) as Value).clone();
        // Keyed by the type's id, so the downcast cannot fail; a fresh value
        // keeps the signature total all the same.
        value.downcast::<T>().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Default)]
    struct Counter(AtomicU32);

    #[derive(Default)]
    struct Other(AtomicU32);

    #[test]
    fn one_value_per_type_made_once() {
        let states = States::default();
        states.get::<Counter>().0.fetch_add(2, Ordering::Relaxed);
        states.get::<Counter>().0.fetch_add(3, Ordering::Relaxed);
        assert_eq!(states.get::<Counter>().0.load(Ordering::Relaxed), 5);
        assert_eq!(states.get::<Other>().0.load(Ordering::Relaxed), 0);
    }
}
