from dashboard.allocator import use_system_allocator_for_arrow

use_system_allocator_for_arrow()  # before pyarrow is imported (see allocator.py)

from dashboard.cli import main  # noqa: E402

raise SystemExit(main())
