"""studycoach: a Discord study coach for AI trainers.

The `bot` package is the core: domain rules, services, storage, content packs and the
console. It never imports `discord`; the Discord adapter lives in `cogs/`.
"""

__version__ = "0.1.0"
