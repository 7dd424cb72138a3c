from modelgo_lint.cli import main

raise SystemExit(main())
