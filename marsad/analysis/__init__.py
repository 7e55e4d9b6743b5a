"""Analysis stage: event selection, network, dyads, timelines, actor profiles: plain functions over the store."""
