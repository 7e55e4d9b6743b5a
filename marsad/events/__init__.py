"""Events stage: triggers → PLOVER events with roles, aux, date, location; merged per happening."""
