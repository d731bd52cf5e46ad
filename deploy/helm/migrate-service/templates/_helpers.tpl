{{/* The release's name, shortened to what Kubernetes names allow. */}}
{{- define "migrate-service.fullname" -}}
{{- printf "%s" .Release.Name | trunc 55 | trimSuffix "-" -}}
{{- end -}}

{{- define "migrate-service.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "migrate-service.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The Secret with the database user and password: an existing one, or the chart's own. */}}
{{- define "migrate-service.secretName" -}}
{{- if .Values.database.existingSecret -}}
{{- .Values.database.existingSecret -}}
{{- else -}}
{{- printf "%s-database" (include "migrate-service.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The image, the same for the service, the Job and the initContainer. */}}
{{- define "migrate-service.image" -}}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag -}}
{{- end -}}

{{/* The database connection and the lock timeout, then the chart's env, for every container. */}}
{{- define "migrate-service.databaseEnv" -}}
{{ include "migrate-service.connectionEnv" . }}
{{- with .Values.env }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The environment of a container that migrates and exits (the Job, the initContainer): as every
container's, with migration.jvmOptions as JAVA_TOOL_OPTIONS before the chart's env (so that a
JAVA_TOOL_OPTIONS given there wins).
*/}}
{{- define "migrate-service.migrateEnv" -}}
{{ include "migrate-service.connectionEnv" . }}
{{- if .Values.migration.jvmOptions }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.migration.jvmOptions | quote }}
{{- end }}
{{- with .Values.env }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The database connection and the lock timeout. */}}
{{- define "migrate-service.connectionEnv" -}}
- name: SPRING_DATASOURCE_URL
  value: {{ .Values.database.url | quote }}
- name: SPRING_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "migrate-service.secretName" . }}
      key: {{ .Values.database.usernameKey }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "migrate-service.secretName" . }}
      key: {{ .Values.database.passwordKey }}
- name: MIGRATE_LOCK_TIMEOUT
  value: {{ printf "%ds" (int .Values.migration.lockTimeoutSeconds) | quote }}
{{- end -}}

{{/* Spring Boot arguments of a container that migrates and exits (the Job, the initContainer). */}}
{{- define "migrate-service.migrateArgs" -}}
- --migrate.mode=exit
- --migrate.command={{ .Values.migration.command }}
{{- if .Values.migration.target }}
- --migrate.target={{ .Values.migration.target }}
{{- end }}
{{- if .Values.migration.beforeContext }}
- --migrate.exit-before-context=true
{{- end }}
{{- end -}}
