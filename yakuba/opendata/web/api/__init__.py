"""The CKAN-compatible Action API (``/api/action/<name>``, ``/api/3/action/<name>``).

``views`` dispatches a request to one action of ``registry``; ``params`` reads the
request's data dict, ``auth`` the caller's API token, ``limits`` counts requests;
``actions_read`` and ``actions_write`` are the actions, ``mapping`` and
``mapping_resources`` turn CKAN's package and resource dicts into the services' fields;
``errors`` builds CKAN's envelope and error bodies.  See docs/modules/opendata-api.md.
"""
