;;; flowspec-mode.el --- Major mode for Flowspec .flow designs -*- lexical-binding: t; -*-

;; Copyright (C) the Flowspec contributors
;; SPDX-License-Identifier: MIT OR Apache-2.0

;; Author: the Flowspec contributors
;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages
;; URL: https://github.com/flowspec/flowspec

;; This file is not part of GNU Emacs.

;;; Commentary:

;; `flowspec-mode' edits Flowspec `.flow' files: data-integration designs
;; that answer six questions for every flow (tools, data, transformation,
;; timing, frequency, volume).  It gives highlighting, `#' comments, `##'
;; doc comments, indentation, Imenu, and registers the Flowspec language
;; server (`flowspec lsp') with Eglot, which then reports the unanswered
;; questions and offers hover, completion, go to definition, rename,
;; formatting and quick fixes.
;;
;;   (add-to-list 'load-path "/path/to/flowspec/editors/emacs")
;;   (require 'flowspec-mode)
;;   (add-hook 'flowspec-mode-hook #'eglot-ensure)   ; optional
;;
;; `*.flow' files open in this mode, except `*.js.flow' in any letter case
;; (JavaScript's Flow type declarations).

;;; Code:

(defgroup flowspec nil
  "Flowspec .flow data-integration designs."
  :group 'languages
  :prefix "flowspec-")

(defcustom flowspec-indent-offset 2
  "Columns per block level in `flowspec-mode' (the formatter uses 2)."
  :type 'integer
  :safe #'integerp)

(defcustom flowspec-server-command '("flowspec" "lsp")
  "The command that runs the Flowspec language server, for Eglot."
  :type '(repeat string))

(defconst flowspec--name "[A-Za-z_][A-Za-z0-9_]*\\(?:-[A-Za-z0-9_]+\\)*"
  "An identifier: hyphens only between word characters.")

(defconst flowspec--categories '("data" "transform" "timing" "frequency" "volume")
  "The keys that answer the design questions.")

(defconst flowspec--value-words
  '("realtime" "batch" "manual"
    "hourly" "daily" "weekly" "monthly" "quarterly" "yearly" "continuous" "on-demand"
    "every" "cron" "none" "current" "proposed")
  "Words with a meaning in answers.")

(defconst flowspec--units
  '("records" "rows" "forms" "submissions" "cases" "messages" "events" "patients" "files" "requests"
    "record" "row" "form" "submission" "case" "message" "event" "patient" "file" "request"
    "KB" "MB" "GB"
    "minute" "minutes" "hour" "hours" "day" "days" "week" "weeks" "month" "months"
    "quarter" "year" "run" "per")
  "Volume units and periods.")

(defvar flowspec-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?- "_" table)
    (modify-syntax-entry ?{ "(}" table)
    (modify-syntax-entry ?} "){" table)
    (modify-syntax-entry ?\[ "(]" table)
    (modify-syntax-entry ?\] ")[" table)
    (modify-syntax-entry ?: "." table)
    (modify-syntax-entry ?~ "." table)
    (modify-syntax-entry ?< "." table)
    (modify-syntax-entry ?> "." table)
    (modify-syntax-entry ?/ "." table)
    (modify-syntax-entry ?, "." table)
    table)
  "Syntax table of `flowspec-mode'.")

(defun flowspec--symbols (words)
  "A regexp matching any of WORDS as a whole symbol."
  (concat "\\_<" (regexp-opt words t) "\\_>"))

(defvar flowspec-font-lock-keywords
  `(;; tool NAME / role NAME / flow NAME
    (,(concat "\\_<\\(tool\\)\\_>[ \t]+\\(" flowspec--name "\\)")
     (1 font-lock-keyword-face) (2 font-lock-type-face))
    (,(concat "\\_<\\(role\\)\\_>[ \t]+\\(" flowspec--name "\\)")
     (1 font-lock-keyword-face) (2 font-lock-variable-name-face))
    (,(concat "\\_<\\(flow\\)\\_>[ \t]+\\(" flowspec--name "\\)")
     (1 font-lock-keyword-face) (2 font-lock-function-name-face))
    ("\\_<\\(?:tool\\|role\\|flow\\)\\_>" . font-lock-keyword-face)
    ;; The six questions' keys, then any other key.
    (,(concat (flowspec--symbols flowspec--categories) "[ \t]*[:{]")
     1 font-lock-builtin-face)
    (,(concat "\\_<\\(" flowspec--name "\\)[ \t]*:") 1 font-lock-constant-face)
    ;; Chain arrows.
    ("->" . font-lock-preprocessor-face)
    ;; Open questions stand out.
    (,(flowspec--symbols '("tbd" "unknown")) . font-lock-warning-face)
    (,(flowspec--symbols flowspec--value-words) . font-lock-constant-face)
    (,(flowspec--symbols flowspec--units) . font-lock-type-face)
    ;; Numbers: 12_000, 1.5k, 2M.
    ("\\_<[0-9][0-9_]*\\(?:\\.[0-9]+\\)?[kM]?\\_>" . font-lock-constant-face))
  "Highlighting for `flowspec-mode'.")

(defun flowspec--syntactic-face (state)
  "Doc comments (`##') in the doc face, other comments and strings as usual.
STATE is the `parse-partial-sexp' state at the start of the comment or string."
  (cond
   ((nth 3 state) font-lock-string-face)
   ((and (nth 4 state)
         (save-excursion
           (goto-char (nth 8 state))
           (looking-at-p "##")))
    font-lock-doc-face)
   (t font-lock-comment-face)))

(defun flowspec-indent-line ()
  "Indent the current line by its depth in braces and brackets."
  (interactive)
  (let* ((savep (> (current-column) (current-indentation)))
         (indent
          (save-excursion
            (back-to-indentation)
            (let* ((ppss (syntax-ppss))
                   (depth (car ppss)))
              (cond
               ;; Inside a string that spans lines (an error): leave it.
               ((nth 3 ppss) (current-indentation))
               (t
                (when (looking-at-p "[]}]")
                  (setq depth (1- depth)))
                (* flowspec-indent-offset (max depth 0))))))))
    (if savep
        (save-excursion (indent-line-to indent))
      (indent-line-to indent))))

(defvar flowspec-imenu-generic-expression
  `(("Tools" ,(concat "^[ \t]*tool[ \t]+\\(" flowspec--name "\\)") 1)
    ("Roles" ,(concat "^[ \t]*role[ \t]+\\(" flowspec--name "\\)") 1)
    ("Flows" ,(concat "^[ \t]*flow[ \t]+\\(" flowspec--name "\\)") 1))
  "Imenu entries: tools, roles and named flows.")

;;;###autoload
(define-derived-mode flowspec-mode prog-mode "Flowspec"
  "Major mode for Flowspec `.flow' data-integration designs.

\\{flowspec-mode-map}"
  :syntax-table flowspec-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local comment-end "")
  (setq-local indent-line-function #'flowspec-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local tab-width flowspec-indent-offset)
  (setq-local electric-indent-chars (append "{}[]" electric-indent-chars))
  (setq-local font-lock-defaults
              '(flowspec-font-lock-keywords
                nil nil nil nil
                (font-lock-syntactic-face-function . flowspec--syntactic-face)))
  (setq-local imenu-generic-expression flowspec-imenu-generic-expression))

;; *.flow, but not *.js.flow in any letter case (JavaScript's Flow type
;; declarations).  The letters before `.flow' are matched in both cases
;; explicitly: Emacs tries this entry case-sensitively first, where `[^s]'
;; would let `X.JS.flow' through, and `auto-mode-case-fold' then folds only
;; for names nothing matched (`x.FLOW').
;;;###autoload
(add-to-list 'auto-mode-alist
             '("\\(?:[^sS]\\|[^jJ][sS]\\|[^.][jJ][sS]\\)\\.flow\\'" . flowspec-mode))

(defun flowspec-eglot-contact (&optional _interactive)
  "The Flowspec server's command for Eglot: `flowspec-server-command'."
  flowspec-server-command)

;;;###autoload
(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs
               '((flowspec-mode :language-id "flow") . flowspec-eglot-contact)))

(provide 'flowspec-mode)

;;; flowspec-mode.el ends here
