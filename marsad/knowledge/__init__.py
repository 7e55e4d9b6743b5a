"""Knowledge stage: actors, states, places, titles, triggers and cues as validated data."""
from marsad.knowledge.base import KnowledgeBase
from marsad.knowledge.load import load_knowledge

__all__ = ["KnowledgeBase", "load_knowledge"]
