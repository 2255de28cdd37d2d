package gen_test

import "go/ast"

func astIsGenerated(f *ast.File) bool { return ast.IsGenerated(f) }
