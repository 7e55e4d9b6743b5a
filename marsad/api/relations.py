"""Actors, the network and dyads."""
from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query, Request

from marsad.analysis.dyads import dyad
from marsad.analysis.network import LEVELS, build_network, network_json
from marsad.analysis.profiles import actor_profile, list_actors
from marsad.api import models
from marsad.api.errors import responses
from marsad.api.params import selection
from marsad.api.state import Workbench, workbench
from marsad.store.query import MAX_ID, Selection

router = APIRouter(prefix="/api", tags=["actors and relations"])


@router.get("/actors", response_model=models.ActorList, responses=responses(422), summary="List actors")
def get_actors(request: Request,
               q: Optional[str] = Query(None, description="part of a name, English or Arabic (knowledge-base aliases)"),
               polity: Optional[str] = Query(None, description="polity code, e.g. RUS"),
               kind: Optional[str] = Query(None, description="person, organisation, group, state, …"),
               limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_ID),
               wb: Workbench = Depends(workbench)):
    """Actors in the store, most active first, with English and Arabic names where the knowledge base has them."""
    return wb.cached(request, lambda: list_actors(wb.store, wb.kb, q, polity, kind, limit, offset))


@router.get("/actors/{actor_id}", response_model=models.ActorProfile, responses=responses(404),
            summary="Actor profile")
def get_actor(actor_id: str, request: Request, wb: Workbench = Depends(workbench)):
    """Names in Arabic and English, roles over time, polity, event counts by type, top partners, timeline."""
    return wb.cached(request, lambda: actor_profile(wb.store, actor_id, wb.kb))


@router.get("/network", response_model=models.Network, responses=responses(400, 422), summary="Actor network")
def get_network(request: Request, sel: Selection = Depends(selection),
                level: Literal[tuple(LEVELS)] = Query("person", description="person or polity nodes"),  # type: ignore
                max_nodes: int = Query(150, ge=1, le=5000, description="keep the strongest nodes"),
                min_weight: int = Query(1, ge=1, description="drop edges with fewer events"),
                max_edges: int = Query(600, ge=1, le=100000, description="keep the strongest edges"),
                wb: Workbench = Depends(workbench)):
    """Nodes and edges weighted by event count for a time window (date_from/date_to) and event types (type)."""
    def compute():
        graph = wb.memo(("network", level, sel.key()), lambda: build_network(wb.store, sel, level, wb.kb))
        return network_json(graph, max_nodes, min_weight, max_edges)
    return wb.cached(request, compute)


@router.get("/dyads/{a}/{b}", response_model=models.Dyad, responses=responses(400, 404, 422),
            summary="Relation between two actors or polities")
def get_dyad(a: str, b: str, request: Request, sel: Selection = Depends(selection),
             limit: int = Query(50, ge=0, le=500, description="how many of the latest events to list"),
             wb: Workbench = Depends(workbench)):
    """Events per month by type and the cooperation vs conflict balance (PLOVER grouping: AGREE, CONSULT,
    SUPPORT, CONCEDE, COOPERATE, AID, RETREAT are cooperation; the rest conflict). A and B are actor ids,
    knowledge-base ids or polity codes."""
    return wb.cached(request, lambda: dyad(wb.store, a, b, sel, wb.kb, limit))
