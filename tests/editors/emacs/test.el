;;; test.el --- Emacs + Eglot as a Flowspec client, in batch mode -*- lexical-binding: t; -*-

;; Run by crates/flowspec/tests/it/editor_emacs.rs:
;;
;;   emacs --batch -l tests/editors/emacs/test.el
;;
;; Inputs in the environment: FLOWSPEC_BIN (the server), FLOWSPEC_MODE_DIR
;; (editors/emacs), FLOWSPEC_ROOT (a copy of tests/editors/fixture),
;; FLOWSPEC_OUT (where the results go, one per line). Emacs exits 0 when
;; every step worked, else 1 with the reason on stderr ("FAIL: ...").
;; This uses Eglot 1.9 (Debian 12's elpa-eglot) and its internals for the
;; hover request, as tests/editors/README.md says.

;;; Code:

(require 'cl-lib)

(defvar flowspec-test--results nil "Results, newest first.")

(defun flowspec-test--record (format-string &rest args)
  "Record a result line: FORMAT-STRING with ARGS."
  (let ((line (apply #'format format-string args)))
    (push line flowspec-test--results)
    (message "%s" line)))

(defun flowspec-test--wait (what predicate &optional timeout)
  "Pump process output until PREDICATE holds; fail after TIMEOUT s naming WHAT."
  (let ((end (+ (float-time) (or timeout 10))))
    (while (and (not (funcall predicate)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (or (funcall predicate)
        (error "Timed out waiting for %s" what))))

(defun flowspec-test--line-col (pos)
  "Line (0-based) and column (0-based) of POS, as \"line L col C\"."
  (save-excursion
    (goto-char pos)
    (format "line %d col %d" (1- (line-number-at-pos)) (current-column))))

(defun flowspec-test--run ()
  "The test: mode, highlighting, indentation, then the server through Eglot."
  (let ((bin (or (getenv "FLOWSPEC_BIN") (error "FLOWSPEC_BIN is not set")))
        (root (file-name-as-directory (or (getenv "FLOWSPEC_ROOT") (error "FLOWSPEC_ROOT is not set")))))
    (unless (file-executable-p bin)
      (error "FLOWSPEC_BIN %s is not a program" bin))
    (add-to-list 'load-path (getenv "FLOWSPEC_MODE_DIR"))
    (require 'flowspec-mode)
    (require 'eglot)
    (setq flowspec-server-command (list bin "lsp"))
    ;; The server's settings, as a user would set them: Volume as information.
    (setq-default eglot-workspace-configuration
                  '(:flowspec (:diagnostics (:unanswered-volume "information"))))
    ;; Nothing interactive in batch.
    (setq eglot-autoshutdown t
          eglot-sync-connect 10
          eglot-connect-timeout 10
          xref-prompt-for-identifier nil)

    ;; The mode: *.flow, not *.js.flow in any letter case.  `set-auto-mode'
    ;; chooses as visiting the file would: `auto-mode-alist' case-sensitively,
    ;; then folding case (`auto-mode-case-fold') if nothing matched.
    (dolist (name '("/d/flows.flow" "/d/s.flow" "/d/bus.flow" "/d/js.flow" "/d/UPPER.FLOW"
                    "/d/types.js.flow" "/d/TYPES.JS.flow" "/d/types.Js.flow" "/d/types.js.FLOW"))
      (with-temp-buffer
        (setq buffer-file-name name)
        (set-auto-mode)
        (flowspec-test--record "auto-mode %s %s" (file-name-nondirectory name)
                               (if (eq major-mode 'flowspec-mode) "flowspec-mode" "other"))
        (setq buffer-file-name nil)))

    ;; Indentation and comments, on a scratch buffer.
    (with-temp-buffer
      (flowspec-mode)
      (insert "flow f: a -> b {\ndata: \"x\"\ntransform {\nid: \"A\" -> \"B\"\n}\nvolume: [\n\"a\",\n]\n}\n")
      (indent-region (point-min) (point-max))
      (flowspec-test--record "indent %S" (buffer-string))
      (goto-char (point-min))
      (comment-line 1)
      (flowspec-test--record "comment %S" (buffer-substring (point-min) (line-end-position 0))))

    (find-file (expand-file-name "flows.flow" root))
    (unless (eq major-mode 'flowspec-mode)
      (error "flows.flow opened in %s" major-mode))
    (flowspec-test--record "major-mode %s" major-mode)

    ;; Highlighting: the doc comment, the keyword, the flow's name.
    (font-lock-ensure)
    (goto-char (point-min))
    (flowspec-test--record "face doc-comment %s" (get-text-property (point) 'face))
    (re-search-forward "^flow")
    (flowspec-test--record "face keyword %s" (get-text-property (match-beginning 0) 'face))
    (re-search-forward "monthly")
    (flowspec-test--record "face flow-name %s" (get-text-property (match-beginning 0) 'face))
    (re-search-forward "frequency")
    (flowspec-test--record "face category-key %s" (get-text-property (match-beginning 0) 'face))

    ;; The server, through Eglot, as `M-x eglot' would start it.
    (apply #'eglot (eglot--guess-contact))
    (flowspec-test--wait "the server to start" (lambda () (eglot-current-server)) 15)
    (let ((server (eglot-current-server)))
      (flowspec-test--record "server %s" (plist-get (eglot--server-info server) :name))

      ;; Diagnostics, through Flymake (which batch mode does not start).
      (flymake-start)
      (flowspec-test--wait "diagnostics" (lambda () (flymake-start) (flymake-diagnostics)) 15)
      (dolist (d (flymake-diagnostics))
        (flowspec-test--record "diagnostic %s %s: %s"
                               (flowspec-test--line-col (flymake-diagnostic-beg d))
                               (flymake-diagnostic-type d)
                               (flymake-diagnostic-text d)))

      ;; Hover on the `frequency' key.
      (goto-char (point-min))
      (re-search-forward "^  \\(frequency\\)")
      (goto-char (1+ (match-beginning 1)))
      (let* ((hover (jsonrpc-request server :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
             (contents (plist-get hover :contents))
             (text (if (stringp contents) contents (plist-get contents :value))))
        (flowspec-test--record "hover %s" (replace-regexp-in-string "\n" " " (or text ""))))

      ;; Go to definition of the step `hmis', as M-. does.
      (goto-char (point-min))
      (re-search-forward "-> \\(hmis\\)")
      (goto-char (1+ (match-beginning 1)))
      (call-interactively #'xref-find-definitions)
      (flowspec-test--record "definition %s %s"
                             (file-name-nondirectory (or (buffer-file-name) (buffer-name)))
                             (flowspec-test--line-col (point)))
      (with-current-buffer (find-buffer-visiting (expand-file-name "flows.flow" root))
        (ignore-errors (eglot-shutdown server nil 3))))))

(let ((status 1))
  (condition-case err
      (progn
        (flowspec-test--run)
        (setq status 0))
    (error
     (message "FAIL: %s" (error-message-string err))))
  (let ((out (getenv "FLOWSPEC_OUT")))
    (when out
      (with-temp-file out
        (insert (mapconcat #'identity (reverse flowspec-test--results) "\n") "\n"))))
  (kill-emacs status))

;;; test.el ends here
