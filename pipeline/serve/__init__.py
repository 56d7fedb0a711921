"""``nexus serve``: a read-only local web application over the DuckDB database of nexus.

Pages: the evidence browser, page views of the PDF with the evidence box, country profiles, the evidence-gap map,
an interactive graph, the documents list and downloads of the filtered evidence. The app factory is
:func:`pipeline.serve.app.create_app`.
"""
