"""The security boundary: the worker that runs student code, the plain-data codec both sides
speak, the client (:mod:`.client`) that starts and talks to it, isolation layers, CPU clock.
Nothing outside this package starts a worker; it never imports grading, class or platforms.
"""
