"""The build, as a map over articles and a reduce over the corpus.

- `options.py`: how a build runs (one `BuildOptions`, passed once);
- `article_map.py`: the map, one raw article to its `ProcessedArticle`;
- `map_cache.py`: the map's parts on disk, addressed by content;
- `engines.py`, `dask_engine.py`: where the map runs;
- `article_rows.py`: the rows each stage emits;
- `corpus_reduce.py`: the reduce, ids, duplicates, syndication, aggregates;
- `pipeline.py`: files in, tables written.
"""

from dashboard.preprocessing.build.options import BuildOptions
from dashboard.preprocessing.build.pipeline import (
    DEBUG_LOG,
    BuildReport,
    BuiltTables,
    NothingToBuild,
    build,
    build_tables,
    debug_log_of,
    manifest_of,
    tables_from_files,
)

__all__ = [
    "DEBUG_LOG", "BuildOptions", "BuildReport", "BuiltTables", "NothingToBuild", "build", "build_tables", "debug_log_of",
    "manifest_of", "tables_from_files",
]
