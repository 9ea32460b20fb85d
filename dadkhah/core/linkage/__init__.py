"""Record linkage: settings, constrained clustering, stable ids, explanations, metrics."""
