from dklint.cli import main

main()
